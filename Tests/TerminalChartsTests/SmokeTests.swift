import Testing
@testable import TerminalCharts

@Test func moduleLinks() { #expect(Bool(true)) }
