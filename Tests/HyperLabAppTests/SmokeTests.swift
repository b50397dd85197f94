import Testing
@testable import HyperLabApp

@Test func moduleLinks() { #expect(Bool(true)) }
