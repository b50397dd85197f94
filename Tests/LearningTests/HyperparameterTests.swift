import Vocabulary
import Testing
@testable import Learning

@Suite struct HyperparameterTests {
    @Test func catalogFollowsTheVocabularyOrder() {
        #expect(HyperparameterCatalog.all.map(\.name) == [
            "learning-rate", "batch-size", "epochs", "l2", "l1", "weight-decay", "momentum", "optimizer", "schedule",
            "warmup", "hidden-layers", "activation", "degree", "validation-fraction", "early-stopping", "seed",
        ])
        #expect(HyperparameterCatalog.spec(named: "lr")?.name == "learning-rate")
        #expect(HyperparameterCatalog.spec(named: "patience")?.name == "early-stopping")
        // weight-decay is its own (decoupled) hyperparameter, not an alias of l2.
        #expect(HyperparameterCatalog.spec(named: "weight-decay")?.name == "weight-decay")
        #expect(HyperparameterCatalog.spec(named: "l2")?.aliases.isEmpty == true)
        #expect(HyperparameterCatalog.spec(named: "warmup-epochs")?.name == "warmup")
        #expect(HyperparameterCatalog.spec(named: "nope") == nil)
        let restarting = HyperparameterCatalog.all.filter(\.restartsTraining).map(\.name)
        #expect(Set(restarting) == ["hidden-layers", "activation", "degree", "validation-fraction", "seed"])
    }

    @Test func setAndTextRoundTrip() throws {
        var h = Hyperparameters()
        let values = [
            ("lr", "0.25"), ("batch", "full"), ("epochs", "7"), ("l2", "0.001"), ("l1", "0.5"), ("momentum", "0.9"),
            ("optimizer", "adam"), ("weight-decay", "0.01"), ("schedule", "cosine"), ("warmup", "3"), ("layers", "16,8"), ("activation", "tanh"), ("degree", "4"),
            ("validation-fraction", "0"), ("patience", "5"), ("seed", "18446744073709551615"),
        ]
        for (name, value) in values {
            try h.set(name, to: value)
            #expect(h.text(of: name) == value)
        }
        #expect(h.learningRate == 0.25 && h.batchSize == .full && h.hiddenLayers == [16, 8] && h.seed == UInt64.max)
        #expect(h.weightDecay == 0.01 && h.l2 == 0.001 && h.schedule == .cosine && h.warmup == 3)
        try h.set("hidden-layers", to: "")
        #expect(h.hiddenLayers.isEmpty && h.text(of: "hidden-layers") == "none")
        try h.set("batch-size", to: "64")
        #expect(h.batchSize == .examples(64))
        #expect(h.text(of: "unknown") == nil)
    }

    @Test(arguments: [
        ("learning-rate", "0"), ("learning-rate", "1001"), ("learning-rate", "0x10"), ("learning-rate", "fast"), ("batch-size", "0"),
        ("epochs", "0"), ("momentum", "1"), ("l2", "-1"), ("l1", "101"), ("hidden-layers", "16,0"),
        ("hidden-layers", "a,b"), ("activation", "gelu"), ("degree", "21"), ("validation-fraction", "0.95"),
        ("early-stopping", "-1"), ("seed", "-3"), ("optimizer", "rmsprop"), ("colour", "red"), ("weight-decay", "-0.1"),
        ("weight-decay", "101"), ("schedule", "linear"), ("warmup", "-1"), ("warmup", "0.5"),
    ])
    func outOfRangeValuesAreErrorsThatStateTheRange(_ name: String, _ value: String) {
        var h = Hyperparameters()
        let before = h
        do {
            try h.set(name, to: value)
            Issue.record("\(name) \(value) was accepted")
        } catch {
            #expect(!error.message.isEmpty)
            if let spec = HyperparameterCatalog.spec(named: name), spec.allowedValues.isEmpty || name == "batch-size" {
                #expect(error.message.contains(spec.rangeText) || error.message.contains("whole number") || error.message.contains("one of"),
                        "\(error.message)")
            }
        }
        #expect(h == before)
    }

    @Test func defaultsAreInRangeForEveryModelAndDataset() throws {
        for model in ModelKind.allCases {
            for name in DatasetCatalog.allNames + ["my.csv"] {
                let h = Hyperparameters.defaults(model: model, dataset: name)
                var copy = Hyperparameters()
                for spec in HyperparameterCatalog.all {
                    try copy.set(spec.name, to: try #require(h.text(of: spec.name)))
                }
                #expect(copy == h, "\(model) on \(name)")
            }
        }
        #expect(Hyperparameters.defaults(model: .linear, dataset: "sine").degree == 3)
        #expect(Hyperparameters.defaults(model: .mlp, dataset: "digits").hiddenLayers == [32])
    }
}
