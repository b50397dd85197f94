import Testing
@testable import Teaching

@Test func moduleLinks() { #expect(Bool(true)) }
