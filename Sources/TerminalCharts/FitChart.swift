// The picture of a 1-D regression: the data points and the fitted curve over the data's range.

/// A fitted curve y = f(x) with the training and validation points it was fitted to.
///
/// Training points are drawn as "o", validation points as "x", the curve as a solid line with
/// "*". The y axis covers the points, widened by `curveMargin` of their span on each side; a
/// curve that swings further (a high-degree polynomial between its points) leaves the chart
/// there, marked "^" or "v" on the edge and counted in the note, so the data stays readable.
/// The x axis covers the points and the curve.
public struct FitChart: Sendable {
    /// x of the training points (the single input feature).
    public var trainingX: [Double]
    /// Targets of the training points.
    public var trainingY: [Double]
    /// x of the validation points (may be empty).
    public var validationX: [Double]
    /// Targets of the validation points.
    public var validationY: [Double]
    /// Positions where the fitted curve was evaluated, increasing (see `curvePositions`).
    public var curveX: [Double]
    /// The model's predictions at `curveX`.
    public var curveY: [Double]
    /// Line above the plot.
    public var title: String?
    /// Name of the input feature.
    public var xLabel: String?
    /// Name of the target.
    public var yLabel: String?
    /// Share of the points' y span added above and below them (0.25: a quarter each side).
    public var curveMargin: Double = 0.25

    /// A fit chart; see the properties.
    public init(trainingX: [Double], trainingY: [Double], validationX: [Double] = [], validationY: [Double] = [],
                curveX: [Double], curveY: [Double], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.trainingX = trainingX
        self.trainingY = trainingY
        self.validationX = validationX
        self.validationY = validationY
        self.curveX = curveX
        self.curveY = curveY
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// `count` (at least 2) evenly spaced positions from the smallest to the largest finite value
    /// of `xs` (the data's x range), where the caller evaluates the model; empty when `xs` has no
    /// finite value, [x] when all are equal.
    public static func curvePositions(over xs: [Double], count: Int = 200) -> [Double] {
        let finite = xs.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return [] }
        if high == low { return [low] }
        let n = max(2, count)
        return (0..<n).map { low + (high - low) * Double($0) / Double(n - 1) }
    }

    /// The chart as a line chart (curve, training points, validation points) with its y range set.
    public var lineChart: LineChart {
        var curve = Series(name: "fitted curve", xs: curveX, ys: curveY)
        curve.glyph = "*"
        var training = Series(name: "training", xs: trainingX, ys: trainingY, style: .points)
        training.glyph = "o"
        var series = [curve, training]
        if !validationX.isEmpty || !validationY.isEmpty {
            var validation = Series(name: "validation", xs: validationX, ys: validationY, style: .points)
            validation.glyph = "x"
            series.append(validation)
        }
        let ys = (trainingY + validationY).filter(\.isFinite)
        var range: ClosedRange<Double>?
        if let low = ys.min(), let high = ys.max() {
            let pad = high > low ? (high - low) * max(0, curveMargin) : max(abs(low) * 0.1, 1)
            range = (low - pad)...(high + pad)
        }
        return LineChart(series: series, title: title, xLabel: xLabel, yLabel: yLabel, yRange: range)
    }

    /// The chart as text, with the size promises of `LineChart.render`.
    public func render(_ options: RenderOptions) -> String {
        lineChart.render(options)
    }
}
