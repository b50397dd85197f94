import Vocabulary
import Learning
import TerminalCharts

extension ChartBuilder {
    /// `plot fit`: a 1-D regression's training points ("o"), validation points ("x") and the
    /// model's predictions as a curve over the data's x range (`FitChart.curvePositions`, 200
    /// points from the smallest to the largest x of all rows).
    ///
    /// - Throws: `CommandError` when the task is classification or the dataset has more than one feature.
    static func fit(trainer: Trainer, title: String) throws(CommandError) -> FitChart {
        let dataset = trainer.dataset
        guard !dataset.task.isClassification else {
            throw CommandError("plot fit is for a regression on one feature (sine); this is classification: `plot boundary` draws a classifier")
        }
        guard dataset.featureCount == 1 else {
            throw CommandError("plot fit needs exactly 1 feature (this dataset has \(dataset.featureCount)): try `use sine`" + (dataset.featureCount == 2 ? ", or `plot path` for a linear model on plane" : ""))
        }
        let features = dataset.features
        let xs = (0..<features.rows).map { features[$0, 0] }
        let positions = FitChart.curvePositions(over: xs)
        let predictions = trainer.predict(Matrix(rows: positions.count, columns: 1, values: positions))
        return FitChart(trainingX: trainer.trainingRows.map { xs[$0] }, trainingY: trainer.trainingRows.map { dataset.targets[$0] },
                        validationX: trainer.validationRows.map { xs[$0] }, validationY: trainer.validationRows.map { dataset.targets[$0] },
                        curveX: positions, curveY: (0..<positions.count).map { predictions[$0, 0] },
                        title: title, xLabel: dataset.featureNames[0], yLabel: dataset.targetName)
    }
}
