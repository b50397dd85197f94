import Testing
@testable import LineEditor

@Test func moduleLinks() { #expect(Bool(true)) }
