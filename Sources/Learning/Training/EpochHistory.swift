/// A run's epoch records, stored compactly: one array of `Double` per measured quantity instead of one
/// `EpochRecord` (72 bytes) per epoch. Quantities that are never present (accuracies for regression,
/// validation figures without validation rows) take no memory at all; the epoch numbers are not stored
/// (they are consecutive from `firstEpoch`). A regression run without validation rows costs 16 bytes per
/// epoch, a classification run with validation rows 48, and the learning rate of each epoch 8 more.
///
/// Reading an element rebuilds the same `EpochRecord` that was appended, bit for bit (NaN and infinite
/// losses included). An absent optional value is stored as one particular NaN payload
/// (`absentBitPattern`), which arithmetic never produces (its NaNs carry a zero payload).
public struct EpochHistory: Sendable, Equatable, RandomAccessCollection {
    /// The bit pattern that stands for "no value" in the optional columns.
    static let absentBitPattern: UInt64 = 0x7FF8_0000_0A85_E47D
    static var absent: Double { Double(bitPattern: absentBitPattern) }

    /// The epoch number of the first record (records are consecutive); 1 when empty.
    public private(set) var firstEpoch = 1
    private var trainLoss: [Double] = []
    private var objective: [Double] = []
    // Optional columns: empty while every value so far is absent.
    private var validationLoss: [Double] = []
    private var trainAccuracy: [Double] = []
    private var validationAccuracy: [Double] = []
    private var learningRate: [Double] = []

    /// An empty history.
    public init() {}

    /// A history holding `records`.
    /// - Precondition: the records' epochs are consecutive.
    public init(_ records: some Sequence<EpochRecord>) {
        append(contentsOf: records)
    }

    /// Index of the first record (0).
    public var startIndex: Int { 0 }
    /// One past the last record's index (the number of records).
    public var endIndex: Int { trainLoss.count }

    /// The record at `index` (0-based; its epoch is `firstEpoch + index`).
    public subscript(index: Int) -> EpochRecord {
        func value(_ column: [Double]) -> Double? {
            guard index < column.count else { return nil }
            let v = column[index]
            return v.bitPattern == EpochHistory.absentBitPattern ? nil : v
        }
        return EpochRecord(epoch: firstEpoch + index, trainLoss: trainLoss[index], validationLoss: value(validationLoss),
                           objective: objective[index], trainAccuracy: value(trainAccuracy),
                           validationAccuracy: value(validationAccuracy), learningRate: value(learningRate))
    }

    /// Appends `record`.
    /// - Precondition: `record.epoch` follows the last record's epoch (any epoch when empty).
    public mutating func append(_ record: EpochRecord) {
        if isEmpty {
            firstEpoch = record.epoch
        } else {
            precondition(record.epoch == firstEpoch + count, "epoch records must be consecutive")
        }
        let index = trainLoss.count
        trainLoss.append(record.trainLoss)
        objective.append(record.objective)
        func put(_ value: Double?, in column: inout [Double]) {
            if let value {
                if column.count < index { column.append(contentsOf: repeatElement(EpochHistory.absent, count: index - column.count)) }
                column.append(value)
            } else if !column.isEmpty {
                column.append(EpochHistory.absent)
            }
        }
        put(record.validationLoss, in: &validationLoss)
        put(record.trainAccuracy, in: &trainAccuracy)
        put(record.validationAccuracy, in: &validationAccuracy)
        put(record.learningRate, in: &learningRate)
    }

    /// Appends `records` in order (see `append(_:)`).
    public mutating func append(contentsOf records: some Sequence<EpochRecord>) {
        for record in records { append(record) }
    }

    /// Removes every record.
    public mutating func removeAll() {
        self = EpochHistory()
    }

    /// True when both hold the same records bit for bit (an absent value is stored as a NaN, and a
    /// diverged run's losses may be NaN: comparing the columns as numbers would make a history unequal
    /// to itself).
    public static func == (a: EpochHistory, b: EpochHistory) -> Bool {
        func same(_ x: [Double], _ y: [Double]) -> Bool { x.elementsEqual(y) { $0.bitPattern == $1.bitPattern } }
        return a.firstEpoch == b.firstEpoch && same(a.trainLoss, b.trainLoss) && same(a.objective, b.objective)
            && same(a.validationLoss, b.validationLoss) && same(a.trainAccuracy, b.trainAccuracy)
            && same(a.validationAccuracy, b.validationAccuracy) && same(a.learningRate, b.learningRate)
    }

    /// Bytes of storage in use (the columns' elements), for memory figures.
    public var storageBytes: Int {
        8 * (trainLoss.count + objective.count + validationLoss.count + trainAccuracy.count + validationAccuracy.count + learningRate.count)
    }
}

extension TrainingOutcome {
    /// The same outcome without its epoch records, for keeping beside an `EpochHistory` that already
    /// holds them (so a run's epochs are stored once).
    public func droppingHistory() -> TrainingOutcome {
        TrainingOutcome(history: [], diverged: diverged, divergedAt: divergedAt, reason: reason, stoppedEarly: stoppedEarly,
                        restoredBestEpoch: restoredBestEpoch, interrupted: interrupted, seconds: seconds,
                        parameters: parameters, parametersInDataUnits: parametersInDataUnits)
    }
}
