// One frame of a training animation: the loss chart and the decision regions beside or above
// each other, with a status line; `LiveRedraw` puts successive frames in place.

/// How the two pictures of a frame share the screen.
public enum FrameArrangement: Sendable, Equatable {
    /// Loss chart on the left, region map on the right (wide terminals, e.g. 120 x 40).
    case sideBySide
    /// Loss chart above the region map (narrow terminals, e.g. 80 x 24).
    case stacked
}

/// The state shown on a frame's status line.
public struct TrainingStatus: Sendable {
    /// Whether the animation runs, waits, or is over.
    public enum State: String, Sendable {
        /// Frames advance on their own.
        case playing
        /// Frames advance only when asked (one step at a time).
        case paused
        /// The training reached its last epoch (or stopped early).
        case finished
        /// The learner stopped it (Ctrl-C).
        case stopped
    }

    /// Epochs done so far (0: the model before any training).
    public var epoch: Int
    /// Epochs the run will have in all.
    public var totalEpochs: Int
    /// Animation speed, in epochs shown per second.
    public var epochsPerSecond: Double
    /// Playing, paused, finished or stopped.
    public var state: State
    /// Extra text at the end, e.g. the keys ("space pause · n step · + faster · - slower · f finish").
    public var hint: String?
    /// A shorter form of `hint`, shown instead when the whole line with `hint` does not fit the
    /// width (e.g. "keys: space n + - Enter Ctrl-C").
    public var compactHint: String?

    /// A status; see the properties.
    public init(epoch: Int, totalEpochs: Int, epochsPerSecond: Double, state: State, hint: String? = nil,
                compactHint: String? = nil) {
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.epochsPerSecond = epochsPerSecond
        self.state = state
        self.hint = hint
        self.compactHint = compactHint
    }

    /// "epoch 37/200 · 20 epochs/s · playing · <hint>", with `compactHint` in place of `hint` when
    /// the line with `hint` is wider than `width` cells; cut to `width` cells when even that does
    /// not fit (control characters in the hints become spaces).
    public func line(width: Int, ascii: Bool = false) -> String {
        let separator = ascii ? " - " : " · "
        let parts = ["epoch \(epoch)/\(totalEpochs)", "\(formatSignificant(epochsPerSecond, digits: 2)) epochs/s", state.rawValue]
        let candidates = [hint, compactHint].compactMap { $0 }.filter { !$0.isEmpty }.map {
            (parts + [singleLine($0)]).joined(separator: separator)
        }
        let line = candidates.first { displayWidth($0) <= width } ?? candidates.last ?? parts.joined(separator: separator)
        return truncated(line, toWidth: width, ascii: ascii)
    }
}

/// Lays out one animation frame: a loss chart and an optional region map (2-D data), side by
/// side when the width allows it (`arrangement(width:)`), else stacked, and a status line at the
/// bottom. Pure: it returns the frame; write `LiveRedraw.frame(_:)` of it to replace the
/// previous frame in place, and print the last frame alone when the output is not a terminal.
///
///     var live = LiveRedraw()
///     for epoch in 0...epochs {            // the app drives time, keys and training
///         let frame = LiveFrame.compose(loss: lossChart, regions: regions, status: status, options: options)
///         write(live.frame(frame))
///     }
///     write(live.finish())
public enum LiveFrame {
    /// Least total width for side by side (two panels of at least 50 cells and a gap).
    public static let sideBySideMinimumWidth = 102
    /// Blank cells between the two panels side by side.
    public static let gap = 2

    /// Side by side from `sideBySideMinimumWidth` cells up, else stacked.
    public static func arrangement(width: Int) -> FrameArrangement {
        width >= sideBySideMinimumWidth ? .sideBySide : .stacked
    }

    /// The frame for `options` (width x height cells, colour, charset, theme): exactly
    /// `options.height` lines none wider than `options.width` cells. Side by side, the loss chart
    /// takes the left half and the map the right; stacked, the loss chart takes 10 lines (less on
    /// very short screens) and the map the rest. Without `regions`, the loss chart takes all
    /// lines above the status line. The map's aspect ratio is kept (`Heatmap.keepAspectRatio`) and
    /// its legend goes beside it where there is room (`Heatmap.legendBeside`).
    public static func compose(loss: LineChart, regions: Heatmap?, status: TrainingStatus, options: RenderOptions) -> String {
        let width = options.width, height = options.height
        let statusLine = status.line(width: width, ascii: options.charset == .ascii)
        guard height >= 2 else { return statusLine }
        let body = height - 1
        var panel = options
        guard var map = regions else {
            panel.height = body
            return loss.render(panel) + "\n" + statusLine
        }
        map.keepAspectRatio = true
        map.legendBeside = true
        switch arrangement(width: width) {
        case .sideBySide:
            let leftWidth = (width - gap) / 2
            panel.width = leftWidth
            panel.height = body
            let left = loss.render(panel)
            panel.width = width - gap - leftWidth
            let right = map.render(panel)
            return besideEachOther(left, right, leftWidth: leftWidth, gap: gap, lines: body) + "\n" + statusLine
        case .stacked:
            let lossLines = min(10, max(1, body / 2))
            panel.height = lossLines
            let top = padLines(loss.render(panel), to: lossLines)
            panel.height = body - lossLines
            let bottom = padLines(map.render(panel), to: body - lossLines)
            return top + "\n" + bottom + "\n" + statusLine
        }
    }

    /// Two blocks of text joined line by line: each line of `left` padded with spaces to
    /// `leftWidth` visible cells (ANSI escapes take none), `gap` spaces, then the line of `right`;
    /// exactly `lines` lines (missing ones blank). Trailing spaces are trimmed.
    public static func besideEachOther(_ left: String, _ right: String, leftWidth: Int, gap: Int, lines: Int) -> String {
        let l = Array(left.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        let r = Array(right.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        var out: [UInt8] = []
        out.reserveCapacity(left.utf8.count + right.utf8.count + lines * (gap + leftWidth / 2 + 1))
        for i in 0..<lines {
            if i > 0 { out.append(0x0A) }
            let start = out.count
            if i < l.count { out.append(contentsOf: l[i]) }
            if i < r.count && !r[i].isEmpty {
                let visible = i < l.count ? visibleWidth(l[i]) : 0
                out.append(contentsOf: repeatElement(0x20, count: max(0, leftWidth - visible) + gap))
                out.append(contentsOf: r[i])
            }
            while out.count > start && out.last == 0x20 { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Cells taken by one line of UTF-8 text with ANSI CSI sequences (which take none), scalar by scalar.
    static func visibleWidth(_ bytes: ArraySlice<UInt8>) -> Int {
        var width = 0
        var inEscape = false, afterEscape = false
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let v = scalar.value
                if afterEscape { afterEscape = false; inEscape = v == 0x5B; continue }
                if inEscape { if v >= 0x40 && v <= 0x7E { inEscape = false }; continue }
                if v == 0x1B { afterEscape = true; continue }
                width += scalarWidth(v)
            case .emptyInput: break loop
            case .error: width += 1
            }
        }
        return width
    }

    /// `text` with blank lines added (or lines dropped) so that it has exactly `count` lines.
    static func padLines(_ text: String, to count: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > count { lines.removeLast(lines.count - count) }
        while lines.count < count { lines.append("") }
        return lines.joined(separator: "\n")
    }
}

extension Heatmap {
    /// The decision regions of a classifier over two features, from its class probabilities.
    ///
    /// `probabilities[r][c]` holds the class probabilities at grid cell (r, c) (row 0 at the
    /// bottom, cells evenly covering `x` x `y`): one value per class, or a single value, the
    /// probability of class 1 of a binary model. Each cell shows the most probable class (ties:
    /// the lower index), shaded by how sure the model is (`confidence`, see `ConfidenceLevel`);
    /// a cell whose probabilities are empty or not finite shows "?". Training points are drawn
    /// as o x + ..., validation points as O X # ..., with 3:1 contrast or more on any region.
    /// The aspect ratio of the data is kept.
    public static func decisionRegions(probabilities: [[[Double]]], x: ClosedRange<Double>, y: ClosedRange<Double>,
                                       classNames: [String], training: [OverlayPoint], validation: [OverlayPoint] = [],
                                       title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) -> Heatmap {
        var values: [[Double]] = []
        var confidence: [[Double]] = []
        values.reserveCapacity(probabilities.count)
        for row in probabilities {
            var classRow: [Double] = [], confidenceRow: [Double] = []
            classRow.reserveCapacity(row.count)
            confidenceRow.reserveCapacity(row.count)
            for p in row {
                let (index, probability) = mostProbable(p)
                classRow.append(index)
                confidenceRow.append(probability)
            }
            values.append(classRow)
            confidence.append(confidenceRow)
        }
        var map = Heatmap(values: values, x: .range(x), y: .range(y), scale: .classes(classNames), points: training,
                          title: title, xLabel: xLabel, yLabel: yLabel)
        map.confidence = confidence
        map.validationPoints = validation
        map.keepAspectRatio = true
        return map
    }

    /// The most probable class and its probability; (NaN, NaN) when nothing is known.
    static func mostProbable(_ p: [Double]) -> (Double, Double) {
        if p.count == 1 {
            guard p[0].isFinite else { return (.nan, .nan) }
            return p[0] >= 0.5 ? (1, p[0]) : (0, 1 - p[0])
        }
        var best = -1
        for k in 0..<p.count {
            guard p[k].isFinite else { return (.nan, .nan) }
            if best < 0 || p[k] > p[best] { best = k }
        }
        return best < 0 ? (.nan, .nan) : (Double(best), p[best])
    }
}
