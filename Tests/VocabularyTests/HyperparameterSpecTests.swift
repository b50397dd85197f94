import Testing
import Vocabulary

/// The vocabulary: names, domains and the values derived from them.
@Suite struct HyperparameterSpecTests {
    @Test func everyNameHasAUniqueNameAndAliases() {
        let words = HyperparameterCatalog.words
        #expect(Set(words).count == words.count, "a name or alias is used twice: \(words)")
        for name in HyperparameterName.allCases {
            #expect(HyperparameterName(lookup: name.rawValue) == name)
            #expect(HyperparameterName(lookup: name.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")) == name)
            for alias in name.spec.aliases { #expect(HyperparameterName(lookup: alias) == name) }
        }
        #expect(HyperparameterName(lookup: "learning rate") == nil)
    }

    @Test func everyDefaultTextIsInItsOwnRange() throws {
        for name in HyperparameterName.allCases {
            let spec = name.spec
            let value = try spec.validate(spec.defaultText)
            #expect(spec.contains(value), "\(name.rawValue) default \(spec.defaultText)")
            #expect(spec.text(of: value) == spec.defaultText)
        }
    }

    @Test func everyDefaultSetOfHyperparametersIsInRange() {
        for model in ModelKind.allCases {
            for dataset in DatasetName.allNames + ["my.csv"] {
                #expect(Hyperparameters.defaults(model: model, dataset: dataset).firstOutOfRange == nil, "\(model) \(dataset)")
            }
        }
    }

    @Test func rangeTextIsDerivedFromTheDomain() {
        #expect(HyperparameterName.learningRate.spec.rangeText == "0 < learning-rate <= 1000")
        #expect(HyperparameterName.momentum.spec.rangeText == "0 <= momentum < 1")
        #expect(HyperparameterName.epochs.spec.rangeText == "1 <= epochs <= 100000")
        #expect(HyperparameterName.optimizer.spec.rangeText == "optimizer is sgd or adam")
        #expect(HyperparameterName.activation.spec.rangeText == "activation is relu, tanh or sigmoid")
        #expect(HyperparameterName.batchSize.spec.rangeText == "batch-size is full or 1 <= batch-size <= 1000000")
    }

    @Test(arguments: [("learning-rate", "0"), ("learning-rate", "1000.5"), ("momentum", "1"), ("epochs", "0"),
                      ("hidden-layers", "8,8,8,8,8,8,8,8,8"), ("hidden-layers", "2000"), ("degree", "21"),
                      ("validation-fraction", "0.95"), ("batch-size", "0"), ("l2", "-1")])
    func outOfRangeValuesAreRefusedWithTheRange(name: String, text: String) {
        var h = Hyperparameters()
        #expect(throws: VocabularyError.self) { try h.set(name, to: text) }
        do { try h.set(name, to: text); Issue.record("accepted \(name) \(text)") } catch {
            #expect(error.description.contains(HyperparameterName(lookup: name)!.spec.rangeText))
        }
    }

    @Test func valuesOfTheWrongKindAreRefused() {
        var h = Hyperparameters()
        for (name, text) in [("learning-rate", "0x10"), ("learning-rate", "fast"), ("epochs", "1.5"), ("optimizer", "rmsprop"),
                             ("hidden-layers", "16,,8"), ("seed", "-1"), ("batch-size", "half"), ("learning-rate", "inf")] {
            #expect(throws: VocabularyError.self, "\(name) \(text)") { try h.set(name, to: text) }
        }
        #expect(h == Hyperparameters())
    }

    @Test func setAndTextRoundTrip() throws {
        var h = Hyperparameters()
        try h.set("lr", to: "0.25")
        try h.set("batch", to: "full")
        try h.set("layers", to: "16, 8")
        try h.set("OPTIMIZER", to: "Adam")
        try h.set("patience", to: "7")
        try h.set("seed", to: "18446744073709551615")
        #expect(h.learningRate == 0.25 && h.batchSize == .full && h.hiddenLayers == [16, 8] && h.optimizer == .adam)
        #expect(h.earlyStopping == 7 && h.seed == UInt64.max)
        #expect(h.text(of: "hidden-layers") == "16,8")
        #expect(h.text(of: "learning-rate") == "0.25")
        try h.set("layers", to: "none")
        #expect(h.hiddenLayers.isEmpty && h.text(of: "layers") == "none")
        #expect(h.text(of: "nonsense") == nil)
    }

    @Test func subscriptReadsAndWritesEveryField() {
        var h = Hyperparameters()
        var other = Hyperparameters(learningRate: 0.5, batchSize: .full, epochs: 7, optimizer: .adam, momentum: 0.9, l2: 0.1, l1: 0.2,
                                    weightDecay: 0.05, schedule: .step, warmup: 2, hiddenLayers: [3], activation: .tanh, degree: 4, validationFraction: 0.3, earlyStopping: 5, seed: 9)
        for name in HyperparameterName.allCases { h[name] = other[name] }
        #expect(h == other)
        other[.epochs] = .real(3)   // wrong kind: ignored
        #expect(other.epochs == 7)
    }

    @Test func completionValuesComeFromTheDomain() {
        #expect(HyperparameterName.optimizer.spec.allowedValues == Optimizer.allCases.map(\.rawValue))
        #expect(HyperparameterName.schedule.spec.allowedValues == ["constant", "step", "cosine"])
        #expect(HyperparameterName.schedule.spec.rangeText == "schedule is constant, step or cosine")
        #expect(HyperparameterName.weightDecay.spec.prefersLogScale)
        #expect(HyperparameterName.batchSize.spec.allowedValues == ["full"])
        #expect(HyperparameterName.learningRate.spec.prefersLogScale)
        #expect(!HyperparameterName.momentum.spec.prefersLogScale)
    }
}
