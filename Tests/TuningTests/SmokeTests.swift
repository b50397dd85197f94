import Testing
@testable import Tuning

@Test func moduleLinks() { #expect(Bool(true)) }
