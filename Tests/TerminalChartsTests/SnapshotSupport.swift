// Text snapshot testing for charts.
//
// Each snapshot is a plain text file in Tests/TerminalChartsTests/Snapshots/<name>.txt holding
// the exact rendered chart (ESC shown as "␛" in the colour snapshots). A test fails when the
// rendering differs and prints both texts.
//
// To re-record snapshots on purpose (after a deliberate change of the drawing), run
//     HYPERLAB_RECORD_SNAPSHOTS=1 swift test --filter TerminalChartsTests
// then review the changed files with `git diff Tests/TerminalChartsTests/Snapshots` before committing.
// A missing snapshot is a failure, not a silent recording.
import Foundation
import Testing
@testable import TerminalCharts

/// Directory of the snapshot files in the source tree (where recording writes).
private func sourceSnapshotDirectory(_ filePath: String) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
}

/// Reads a snapshot from the source tree (always current), or from the copied test resources
/// when the sources are not at hand (a test bundle run elsewhere).
private func readSnapshot(_ name: String, filePath: String) -> String? {
    if let text = try? String(contentsOf: sourceSnapshotDirectory(filePath).appendingPathComponent(name + ".txt"), encoding: .utf8) {
        return text
    }
    guard let directory = Bundle.module.url(forResource: "Snapshots", withExtension: nil) else { return nil }
    return try? String(contentsOf: directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
}

var isRecordingSnapshots: Bool {
    ProcessInfo.processInfo.environment["HYPERLAB_RECORD_SNAPSHOTS"] == "1"
}

/// Compares `text` with the snapshot `name`, or records it when HYPERLAB_RECORD_SNAPSHOTS=1.
func assertSnapshot(_ text: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let stored = text.replacingOccurrences(of: "\u{1B}", with: "␛") + "\n"
    if isRecordingSnapshots {
        let url = sourceSnapshotDirectory(filePath).appendingPathComponent(name + ".txt")
        do {
            try stored.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not record snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = readSnapshot(name, filePath: filePath) else {
        Issue.record("missing snapshot '\(name)': record it with HYPERLAB_RECORD_SNAPSHOTS=1 swift test --filter TerminalChartsTests",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != stored {
        Issue.record("snapshot '\(name)' differs.\n--- expected\n\(expected)--- got\n\(stored)", sourceLocation: sourceLocation)
    }
}

/// Checks the size promises of `render`: never empty; either exactly `options.height` lines
/// none wider than `options.width` cells, or a single line (too small).
func checkShape(_ text: String, _ options: RenderOptions, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!text.isEmpty, sourceLocation: sourceLocation)
    let lines = strippingEscapes(text).split(separator: "\n", omittingEmptySubsequences: false)
    if lines.count == 1 && text.contains("too small") { return }
    #expect(lines.count == options.height, "line count", sourceLocation: sourceLocation)
    for line in lines {
        #expect(displayWidth(String(line)) <= options.width, "line too wide: \(line)", sourceLocation: sourceLocation)
        // In colour, trailing blanks may carry a background colour; without colour there are none.
        if !text.contains("\u{1B}") {
            #expect(!line.hasSuffix(" "), "trailing space: \(line)", sourceLocation: sourceLocation)
        }
    }
}


/// `text` with trailing spaces removed from every line (coloured blanks become plain ones when stripped).
func trimmingLineEnds(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        var result = String(line)
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }.joined(separator: "\n")
}

/// Renders with `options` in ASCII, checks the shape and that every character is ASCII, and
/// compares with the snapshot `name`.
func assertASCIISnapshot(_ options: RenderOptions, named name: String, filePath: String = #filePath,
                         sourceLocation: SourceLocation = #_sourceLocation, _ render: (RenderOptions) -> String) {
    var ascii = options
    ascii.charset = .ascii
    let text = render(ascii)
    checkShape(text, ascii, sourceLocation: sourceLocation)
    #expect(text.unicodeScalars.allSatisfy { $0.value < 0x80 }, sourceLocation: sourceLocation)
    assertSnapshot(text, named: name, filePath: filePath, sourceLocation: sourceLocation)
}
