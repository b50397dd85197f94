// TerminalCharts module: see README.md "Architecture".
