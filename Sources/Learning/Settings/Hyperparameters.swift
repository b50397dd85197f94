import Foundation

/// The settings chosen before training, named as in the project vocabulary (DESIGN.md).
///
/// Ranges (checked by `set(_:to:)`; the trainer assumes them):
/// learning-rate in (0, 1000]; batch-size `full` or 1...1,000,000; epochs 1...100,000;
/// optimizer sgd or adam; momentum in [0, 1); l2 and l1 in [0, 100]; hidden-layers up to
/// 8 layers of 1...1024 units; activation relu, tanh or sigmoid; degree 1...20;
/// validation-fraction in [0, 0.9]; early-stopping (patience) 0...100,000 epochs; seed 0...2^64−1.
public struct Hyperparameters: Sendable, Equatable {
    /// Step size of each update, > 0.
    public var learningRate: Double
    /// Examples per update, or the whole training set.
    public var batchSize: BatchSize
    /// Passes over the training set per `train` call.
    public var epochs: Int
    /// sgd (with `momentum`) or adam.
    public var optimizer: Optimizer
    /// Heavy-ball momentum for sgd, in [0, 1).
    public var momentum: Double
    /// Penalty (l2/2)·‖w‖² on the weights (not the biases) added to the mean data loss.
    public var l2: Double
    /// Penalty l1·‖w‖₁ on the weights (not the biases) added to the mean data loss.
    public var l1: Double
    /// Units per hidden layer of an `mlp`, input side first; empty = no hidden layer.
    public var hiddenLayers: [Int]
    /// Nonlinearity of the hidden layers.
    public var activation: Activation
    /// Polynomial degree of the features (1 = the features themselves).
    public var degree: Int
    /// Share of the rows held out for validation (stratified for classification), 0 allowed.
    public var validationFraction: Double
    /// Patience: stop after this many epochs without a lower validation loss and restore the best weights; 0 = off.
    public var earlyStopping: Int
    /// One seed for the split, the initialization and the shuffling.
    public var seed: UInt64

    /// Every field spelled out.
    public init(learningRate: Double = 0.1, batchSize: BatchSize = .examples(32), epochs: Int = 100,
                optimizer: Optimizer = .sgd, momentum: Double = 0, l2: Double = 0, l1: Double = 0,
                hiddenLayers: [Int] = [], activation: Activation = .relu, degree: Int = 1,
                validationFraction: Double = 0.2, earlyStopping: Int = 0, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.optimizer = optimizer
        self.momentum = momentum
        self.l2 = l2
        self.l1 = l1
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.degree = degree
        self.validationFraction = validationFraction
        self.earlyStopping = earlyStopping
        self.seed = seed
    }

    /// The documented defaults for `model` on `dataset` (a built-in name; anything else gets the
    /// model's general defaults). They are chosen so that each pair trains stably in well under a
    /// second in a release build:
    /// - every model: batch-size 32, sgd, momentum 0, l2 0, l1 0, relu, degree 1,
    ///   validation-fraction 0.2, early-stopping 0, seed 0;
    /// - linear: learning-rate 0.05, 100 epochs (features are standardized, so diabetes in original
    ///   units converges without diverging); sine: degree 3, adam, learning-rate 0.05, batch full,
    ///   1000 epochs, validation-fraction 0.5 (20 training rows: degree 15 then overfits clearly);
    /// - logistic and softmax: learning-rate 0.1, 100 epochs;
    /// - mlp: hidden-layers 16, adam, learning-rate 0.01, 100 epochs (adam's step does not grow with
    ///   the scale of the target, so regression in raw units such as diabetes stays stable);
    ///   digits: hidden-layers 32, 10 epochs (reaches at least 0.95 validation accuracy);
    ///   spiral, circles, xor: hidden-layers 16,16, 300 epochs; sine: hidden-layers 16,16, tanh,
    ///   batch full, 1000 epochs, validation-fraction 0.5.
    public static func defaults(model: ModelKind, dataset: String) -> Hyperparameters {
        var h = Hyperparameters()
        switch model {
        case .linear:
            h.learningRate = 0.05
            h.epochs = 100
            if dataset == "sine" {
                h.degree = 3
                h.optimizer = .adam
                h.batchSize = .full
                h.epochs = 1000
                h.validationFraction = 0.5
            }
        case .logistic, .softmax:
            h.learningRate = 0.1
            h.epochs = 100
        case .mlp:
            h.hiddenLayers = [16]
            h.optimizer = .adam
            h.learningRate = 0.01
            h.epochs = 100
            switch dataset {
            case "digits":
                h.hiddenLayers = [32]
                h.epochs = 10
            case "spiral", "circles", "xor":
                h.hiddenLayers = [16, 16]
                h.epochs = 300
            case "sine":
                h.hiddenLayers = [16, 16]
                h.activation = .tanh
                h.batchSize = .full
                h.epochs = 1000
                h.validationFraction = 0.5
            default:
                break
            }
        }
        return h
    }

    /// Sets the hyperparameter `name` (a vocabulary name or alias, e.g. "learning-rate" or "lr")
    /// from `value` as typed ("0.1", "full", "16,8", "" or "none" for no hidden layer).
    ///
    /// - Throws: `HyperparameterError` for an unknown name (listing the names), text that is not a
    ///   value of the right kind, or a value outside the documented range (stating the range).
    public mutating func set(_ name: String, to value: String) throws(HyperparameterError) {
        guard let spec = HyperparameterCatalog.spec(named: name) else {
            throw HyperparameterError(message: "unknown hyperparameter '\(name)': use one of \(HyperparameterCatalog.all.map(\.name).joined(separator: ", "))")
        }
        var candidate = self
        try candidate.assign(spec, from: value)
        guard candidate.isInRange(spec.name) else {
            throw HyperparameterError(message: "\(spec.name) \(value) is out of range: \(spec.rangeText)")
        }
        self = candidate
    }

    /// The first hyperparameter (in catalog order) whose value is outside its documented range,
    /// nil when every value is allowed. The one place the ranges are checked: `set` and the
    /// trainer both use it.
    public var firstOutOfRange: String? {
        HyperparameterCatalog.all.first { !isInRange($0.name) }?.name
    }

    /// Whether the value of the canonical name `name` lies in its documented range (`rangeText`).
    func isInRange(_ name: String) -> Bool {
        switch name {
        case "learning-rate": return learningRate > 0 && learningRate <= 1000
        case "batch-size": if case .examples(let b) = batchSize { return b >= 1 && b <= 1_000_000 } else { return true }
        case "epochs": return epochs >= 1 && epochs <= 100_000
        case "momentum": return momentum >= 0 && momentum < 1
        case "l2": return l2 >= 0 && l2 <= 100
        case "l1": return l1 >= 0 && l1 <= 100
        case "hidden-layers": return hiddenLayers.count <= 8 && hiddenLayers.allSatisfy { $0 >= 1 && $0 <= 1024 }
        case "degree": return degree >= 1 && degree <= 20
        case "validation-fraction": return validationFraction >= 0 && validationFraction <= 0.9
        case "early-stopping": return earlyStopping >= 0 && earlyStopping <= 100_000
        default: return true
        }
    }

    private mutating func assign(_ spec: HyperparameterSpec, from value: String) throws(HyperparameterError) {
        let text = value.trimmingCharacters(in: .whitespaces)
        func number() throws(HyperparameterError) -> Double {
            // Decimal notation only: Swift's parser also reads hexadecimal ("0x10"), which no learner means.
            guard !text.lowercased().contains("x"), let x = Double(text), x.isFinite else {
                throw HyperparameterError(message: "\(spec.name) must be a number, not '\(value)' (\(spec.rangeText))")
            }
            return x
        }
        func integer() throws(HyperparameterError) -> Int {
            guard let x = Int(text) else {
                throw HyperparameterError(message: "\(spec.name) must be a whole number, not '\(value)' (\(spec.rangeText))")
            }
            return x
        }
        switch spec.name {
        case "learning-rate":
            let x = try number()
            learningRate = x
        case "batch-size":
            if text.lowercased() == "full" { batchSize = .full; return }
            guard let x = Int(text) else {
                throw HyperparameterError(message: "batch-size must be a whole number or 'full', not '\(value)' (\(spec.rangeText))")
            }
            batchSize = .examples(x)
        case "epochs":
            let x = try integer()
            epochs = x
        case "optimizer":
            guard let x = Optimizer(rawValue: text.lowercased()) else {
                throw HyperparameterError(message: "optimizer must be one of sgd, adam, not '\(value)'")
            }
            optimizer = x
        case "momentum":
            let x = try number()
            momentum = x
        case "l2":
            let x = try number()
            l2 = x
        case "l1":
            let x = try number()
            l1 = x
        case "hidden-layers":
            if text.isEmpty || text.lowercased() == "none" { hiddenLayers = []; return }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            var layers = [Int]()
            for part in parts {
                guard let units = Int(part) else {
                    throw HyperparameterError(message: "hidden-layers must be whole numbers separated by commas, like 16,8 (or none), not '\(value)'")
                }
                layers.append(units)
            }
            hiddenLayers = layers
        case "activation":
            guard let x = Activation(rawValue: text.lowercased()) else {
                throw HyperparameterError(message: "activation must be one of relu, tanh, sigmoid, not '\(value)'")
            }
            activation = x
        case "degree":
            let x = try integer()
            degree = x
        case "validation-fraction":
            let x = try number()
            validationFraction = x
        case "early-stopping":
            let x = try integer()
            earlyStopping = x
        case "seed":
            guard let x = UInt64(text) else {
                throw HyperparameterError(message: "seed must be a whole number from 0 to 18446744073709551615, not '\(value)'")
            }
            seed = x
        default:
            throw HyperparameterError(message: "unknown hyperparameter '\(spec.name)'")
        }
    }

    /// The canonical text of the current value of `name` (name or alias), as `set` accepts it;
    /// nil for an unknown name. Numbers use Swift's shortest round-trip form ("0.1", "32").
    public func text(of name: String) -> String? {
        guard let spec = HyperparameterCatalog.spec(named: name) else { return nil }
        switch spec.name {
        case "learning-rate": return Self.format(learningRate)
        case "batch-size":
            switch batchSize {
            case .full: return "full"
            case .examples(let n): return String(n)
            }
        case "epochs": return String(epochs)
        case "optimizer": return optimizer.rawValue
        case "momentum": return Self.format(momentum)
        case "l2": return Self.format(l2)
        case "l1": return Self.format(l1)
        case "hidden-layers": return hiddenLayers.isEmpty ? "none" : hiddenLayers.map(String.init).joined(separator: ",")
        case "activation": return activation.rawValue
        case "degree": return String(degree)
        case "validation-fraction": return Self.format(validationFraction)
        case "early-stopping": return String(earlyStopping)
        case "seed": return String(seed)
        default: return nil
        }
    }

    /// Shortest text that reads back as the same double; whole numbers without ".0".
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}

/// What one hyperparameter means and which values it accepts.
public struct HyperparameterSpec: Sendable {
    /// The vocabulary name, e.g. "learning-rate".
    public let name: String
    /// Other accepted names, e.g. ["lr"].
    public let aliases: [String]
    /// One line saying what it does.
    public let summary: String
    /// The general default as text (`Hyperparameters.defaults` may differ per model and dataset).
    public let defaultText: String
    /// The allowed range, e.g. "0 < learning-rate <= 1000".
    public let rangeText: String
    /// The allowed words, for completion; empty when the value is numeric.
    public let allowedValues: [String]
    /// True when a change alters the model's structure or data (hidden-layers, activation, degree,
    /// validation-fraction, seed): training must restart; `continue` is impossible.
    public let restartsTraining: Bool
}

/// The hyperparameters in the DESIGN.md order.
public enum HyperparameterCatalog {
    /// All specs, in the vocabulary order.
    public static let all: [HyperparameterSpec] = [
        HyperparameterSpec(name: "learning-rate", aliases: ["lr"], summary: "step size of each update",
                           defaultText: "0.1", rangeText: "0 < learning-rate <= 1000", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "batch-size", aliases: ["batch"], summary: "examples per update; full = the whole training set",
                           defaultText: "32", rangeText: "batch-size is full or 1 <= batch-size <= 1000000", allowedValues: ["full"], restartsTraining: false),
        HyperparameterSpec(name: "epochs", aliases: [], summary: "passes over the training set",
                           defaultText: "100", rangeText: "1 <= epochs <= 100000", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "l2", aliases: ["weight-decay"], summary: "penalty (l2/2)·‖w‖² added to the mean loss; biases not penalized",
                           defaultText: "0", rangeText: "0 <= l2 <= 100", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "l1", aliases: [], summary: "penalty l1·‖w‖₁ added to the mean loss; biases not penalized",
                           defaultText: "0", rangeText: "0 <= l1 <= 100", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "momentum", aliases: [], summary: "heavy-ball momentum for sgd (adam ignores it)",
                           defaultText: "0", rangeText: "0 <= momentum < 1", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "optimizer", aliases: [], summary: "how the gradient becomes an update: sgd or adam",
                           defaultText: "sgd", rangeText: "optimizer is sgd or adam", allowedValues: Optimizer.allCases.map(\.rawValue), restartsTraining: false),
        HyperparameterSpec(name: "hidden-layers", aliases: ["layers"], summary: "units per hidden layer of an mlp, e.g. 16,8; none = no hidden layer",
                           defaultText: "16", rangeText: "up to 8 layers, 1 <= units <= 1024 each (or none)", allowedValues: ["none"], restartsTraining: true),
        HyperparameterSpec(name: "activation", aliases: [], summary: "nonlinearity of the hidden layers: relu, tanh or sigmoid",
                           defaultText: "relu", rangeText: "activation is relu, tanh or sigmoid", allowedValues: Activation.allCases.map(\.rawValue), restartsTraining: true),
        HyperparameterSpec(name: "degree", aliases: [], summary: "polynomial degree of the features (1 = the features themselves)",
                           defaultText: "1", rangeText: "1 <= degree <= 20", allowedValues: [], restartsTraining: true),
        HyperparameterSpec(name: "validation-fraction", aliases: [], summary: "share of the rows held out for validation (stratified for classification); 0 allowed",
                           defaultText: "0.2", rangeText: "0 <= validation-fraction <= 0.9", allowedValues: [], restartsTraining: true),
        HyperparameterSpec(name: "early-stopping", aliases: ["patience"], summary: "stop after this many epochs without validation improvement and restore the best weights; 0 = off",
                           defaultText: "0", rangeText: "0 <= early-stopping <= 100000", allowedValues: [], restartsTraining: false),
        HyperparameterSpec(name: "seed", aliases: [], summary: "one seed for the split, the initialization and the shuffling",
                           defaultText: "0", rangeText: "0 <= seed <= 18446744073709551615", allowedValues: [], restartsTraining: true),
    ]

    /// The spec for a name or alias (case-insensitive, underscores accepted for hyphens); nil if unknown.
    public static func spec(named nameOrAlias: String) -> HyperparameterSpec? {
        let key = nameOrAlias.lowercased().replacingOccurrences(of: "_", with: "-")
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }
}

/// A hyperparameter name or value that cannot be used, with the allowed range or values.
public struct HyperparameterError: Error, CustomStringConvertible, Equatable {
    /// One plain sentence: what is wrong and the allowed range or values.
    public let message: String
    /// An error with `message`.
    public init(message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
