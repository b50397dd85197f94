import Testing
import Vocabulary
@testable import Learning

/// One-feature regression validates inside the training range (interpolation), for every seed.
@Suite struct InterpolationSplitTests {
    @Test(arguments: 1...20)
    func sineValidationRowsLieInsideTheTrainingRange(seed: UInt64) throws {
        let data = try DatasetCatalog.load("sine", datasetsDirectory: "", seed: seed)
        var h = Hyperparameters.defaults(model: .linear, dataset: "sine")
        h.seed = seed
        let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
        let x = (0..<data.rowCount).map { data.features[$0, 0] }
        let trainX = trainer.trainingRows.map { x[$0] }
        let validationX = (0..<data.rowCount).filter { !trainer.trainingRows.contains($0) }.map { x[$0] }
        #expect(trainer.trainingRowCount == 20 && trainer.validationRowCount == 20)
        #expect(validationX.allSatisfy { $0 >= trainX.min()! && $0 <= trainX.max()! })
        #expect(trainX.contains(x.min()!) && trainX.contains(x.max()!))
    }

    @Test func sizesAreKeptAndNoRowIsLost() {
        let x: [Double] = [5, 1, 9, 3, 7, 2, 8]
        let moved = Split.keepingExtremesInTraining((training: [0, 3, 4, 5], validation: [1, 2, 6]), x: x)
        #expect(moved.training.count == 4 && moved.validation.count == 3)
        #expect(Set(moved.training + moved.validation) == Set(0..<7))
        #expect(moved.training.contains(1) && moved.training.contains(2))
    }
}
