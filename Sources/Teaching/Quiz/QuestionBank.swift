import Vocabulary
import Foundation
import Yams

/// A topic of the quiz: one question file.
public struct QuizTopic: Sendable, Equatable {
    /// The topic id used by `quiz TOPIC` (e.g. `learning-rate`).
    public let id: String
    /// A title for lists and stats ("Learning rate").
    public let title: String

    /// Makes a topic.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// All quiz questions, loaded from the YAML files of a directory (Lessons/quiz). See Lessons/README.md,
/// "Quiz questions", for the format.
public struct QuestionBank: Sendable, Equatable {
    /// Topics in file-name order.
    public let topics: [QuizTopic]
    /// Questions in file-name order, then file order.
    public let questions: [QuizQuestion]

    /// Makes a bank from loaded values (tests build small banks this way).
    public init(topics: [QuizTopic], questions: [QuizQuestion]) {
        self.topics = topics
        self.questions = questions
    }

    /// The question with this id, if any.
    public func question(id: String) -> QuizQuestion? {
        questions.first { $0.id == id }
    }

    /// The topic matching `text`: an exact id or title (any case), else the only topic whose id starts with it.
    /// Nil when none or several match.
    public func topic(matching text: String) -> QuizTopic? {
        let wanted = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let exact = topics.first(where: { $0.id == wanted || $0.title.lowercased() == wanted }) { return exact }
        let prefixed = topics.filter { $0.id.hasPrefix(wanted) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Loads every `*.yaml` / `*.yml` file of `directory` (sorted by name). A file with errors contributes the
    /// questions that are sound; each problem is one `TeachingError` (`file:line: message`). A question id used twice
    /// keeps the first and reports the second.
    public static func load(directory: String) -> (bank: QuestionBank, errors: [TeachingError]) {
        guard let (sources, errors) = TextFiles.read(directory: directory, include: { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }) else {
            return (QuestionBank(topics: [], questions: []),
                    [.fileProblem(file: directory, line: nil,
                                   problem: "cannot list the question directory; check the path (--lessons DIR or HYPERLAB_HOME)")])
        }
        let parsed = parse(sources)
        return (parsed.bank, errors + parsed.errors)
    }

    /// Parses question files given as text (`path` is used in messages only), in the given order.
    public static func parse(_ files: [(path: String, text: String)]) -> (bank: QuestionBank, errors: [TeachingError]) {
        var topics: [QuizTopic] = []
        var questions: [QuizQuestion] = []
        var errors: [TeachingError] = []
        var seen: [String: SourceLocation] = [:]
        var topicIDs: Set<String> = []
        for file in files {
            var reader = QuestionFileReader(path: file.path)
            let result = reader.read(file.text)
            if let topic = result.topic, topicIDs.insert(topic.id).inserted { topics.append(topic) }
            for question in result.questions {
                if let earlier = seen[question.id] {
                    reader.problems.add(.fileProblem(file: question.source.file, line: question.source.line,
                                                      problem: "question id '\(question.id)' is already used at \(earlier); give this one another id"))
                    continue
                }
                seen[question.id] = question.source
                if topicIDs.insert(question.topic).inserted {
                    topics.append(QuizTopic(id: question.topic, title: question.topic))
                }
                questions.append(question)
            }
            reader.problems.finish(file: file.path)
            errors += reader.errors
        }
        return (QuestionBank(topics: topics, questions: questions), errors)
    }
}

/// Walks one YAML file's node tree, collecting questions and errors with line numbers.
struct QuestionFileReader {
    let path: String
    /// The problems found, bounded.
    var problems = ProblemList()
    /// The problems to report.
    var errors: [TeachingError] { problems.shown }

    init(path: String) { self.path = path }

    static let charts = ["loss", "accuracy"]

    /// Records a problem at `node`'s line (at most `TeacherText.maximumProblemsPerFile` are kept,
    /// see `ProblemList`).
    mutating func fail(_ node: Node?, _ message: String) {
        problems.add(.fileProblem(file: path, line: node?.mark?.line, problem: message))
    }

    /// Every problem found so far, kept or not (a question is sound when this did not grow).
    var problemCount: Int { problems.count }

    /// Reads one question file's text. The text is first bounded and cleaned (`TeacherText.prepare`:
    /// size and line length, control characters escaped) and checked by `YAMLPrescan` (no anchors
    /// or aliases, bounded nesting), so parsing takes bounded time and every value is safe to print.
    /// The caller ends with `problems.finish(file:)` once it added its own problems of this file.
    mutating func read(_ text: String) -> (topic: QuizTopic?, questions: [QuizQuestion]) {
        let root: Node?
        do {
            let text = try TeacherText.prepare(text)
            if let problem = YAMLPrescan.problem(in: text) { throw problem }
            root = try Yams.compose(yaml: text)
        } catch let problem as TextProblem {
            problems.add(.fileProblem(file: path, line: problem.line, problem: problem.message))
            return (nil, [])
        } catch let error as YamlError {
            problems.add(Self.describe(error, path: path))
            return (nil, [])
        } catch {
            problems.add(.fileProblem(file: path, line: nil, problem: "cannot parse the YAML: \(TeacherText.excerpt("\(error)"))"))
            return (nil, [])
        }
        guard let root, let mapping = root.mapping else {
            fail(root, "expected a mapping with `topic:`, `title:` and `questions:` at the top of the file")
            return (nil, [])
        }
        checkKeys(mapping, node: root, allowed: ["topic", "title", "questions"], what: "the file")
        let topicID = scalar(mapping, "topic", in: root, required: true)
        if let topicID, !Self.isIdentifier(topicID) {
            fail(mapping["topic"], "topic '\(TeacherText.excerpt(topicID))' must be lowercase letters, digits and '-'")
        }
        let title = scalar(mapping, "title", in: root, required: false)
        guard let questionsNode = mapping["questions"] else {
            fail(root, "missing `questions:` (a list of questions)")
            return (topicID.map { QuizTopic(id: $0, title: title ?? $0) }, [])
        }
        guard let list = questionsNode.sequence else {
            fail(questionsNode, "`questions:` must be a list (each item starts with `- id: ...`)")
            return (topicID.map { QuizTopic(id: $0, title: title ?? $0) }, [])
        }
        var questions: [QuizQuestion] = []
        for item in list {
            if let question = readQuestion(item, fileTopic: topicID) { questions.append(question) }
        }
        return (topicID.map { QuizTopic(id: $0, title: title ?? $0) }, questions)
    }

    static func describe(_ error: YamlError, path: String) -> TeachingError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let extra = context.map { " (\(TeacherText.excerpt($0.text)))" } ?? ""
            return .fileProblem(file: path, line: mark.line, problem: "YAML error: \(TeacherText.excerpt(problem))\(extra); check the indentation and quoting")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .fileProblem(file: path, line: context.mark.line,
                                 problem: "the key \(TeacherText.excerpt(duplicates.joined(separator: ", "))) appears twice in one mapping; keep one")
        default:
            return .fileProblem(file: path, line: nil, problem: "YAML error: \(TeacherText.excerpt("\(error)"))")
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) || CharacterSet.decimalDigits.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    mutating func checkKeys(_ mapping: Node.Mapping, node: Node, allowed: [String], what: String) {
        for (key, _) in mapping {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                fail(key, "unknown key '\(TeacherText.excerpt(name))' in \(what); known keys: \(allowed.joined(separator: ", "))")
            }
        }
    }

    /// A scalar's text, trimmed; reports a missing required key or a non-scalar value.
    mutating func scalar(_ mapping: Node.Mapping, _ key: String, in node: Node, required: Bool) -> String? {
        guard let value = mapping[key] else {
            if required { fail(node, "missing `\(key):`") }
            return nil
        }
        guard let scalar = value.scalar else {
            fail(value, "`\(key):` must be a single value, not a list or mapping")
            return nil
        }
        let text = TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && required {
            fail(value, "`\(key):` is empty")
            return nil
        }
        return text
    }

    mutating func stringList(_ mapping: Node.Mapping, _ key: String, in node: Node, required: Bool) -> [String]? {
        guard let value = mapping[key] else {
            if required { fail(node, "missing `\(key):` (a list)") }
            return nil
        }
        if let scalar = value.scalar, !required || key == "hints" {
            // One hint may be written as a single string.
            let text = TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [text]
        }
        guard let sequence = value.sequence else {
            fail(value, "`\(key):` must be a list (items start with `- `)")
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                fail(item, "each item of `\(key):` must be text")
                continue
            }
            result.append(TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    static let commonKeys = ["id", "topic", "type", "prompt", "hints", "explanation", "model-answer"]

    mutating func readQuestion(_ node: Node, fileTopic: String?) -> QuizQuestion? {
        guard let mapping = node.mapping else {
            fail(node, "each question must be a mapping (`- id: ...` then `type:`, `prompt:` ...)")
            return nil
        }
        let errorCount = problemCount
        let id = scalar(mapping, "id", in: node, required: true)
        if let id, !Self.isIdentifier(id) { fail(mapping["id"], "id '\(TeacherText.excerpt(id))' must be lowercase letters, digits and '-'") }
        let topic = scalar(mapping, "topic", in: node, required: false) ?? fileTopic
        if topic == nil { fail(node, "missing `topic:` (give it in the question or at the top of the file)") }
        let typeText = scalar(mapping, "type", in: node, required: true)
        let prompt = scalar(mapping, "prompt", in: node, required: true)
        let explanation = scalar(mapping, "explanation", in: node, required: true)
        let modelAnswer = scalar(mapping, "model-answer", in: node, required: false)
        let hints = stringList(mapping, "hints", in: node, required: false) ?? []
        guard let typeText else { return nil }
        guard let kind = QuestionKind(rawValue: typeText) else {
            fail(mapping["type"], "unknown type '\(TeacherText.excerpt(typeText))'; use one of: \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let expected: ExpectedAnswer?
        var examples = RubricExamples(accept: [], reject: [])
        switch kind {
        case .choice:
            checkKeys(mapping, node: node, allowed: Self.commonKeys + ["choices", "answer"], what: "a choice question")
            expected = readChoices(mapping, node: node).map { .choice(choices: $0.choices, correct: $0.correct) }
        case .trueFalse:
            checkKeys(mapping, node: node, allowed: Self.commonKeys + ["answer"], what: "a true-false question")
            expected = readTrueFalse(mapping, node: node)
        case .numeric:
            checkKeys(mapping, node: node, allowed: Self.commonKeys + ["answer", "tolerance", "unit"], what: "a numeric question")
            expected = readNumeric(mapping, node: node)
        case .freeText:
            checkKeys(mapping, node: node, allowed: Self.commonKeys + ["rubric", "examples"], what: "a free-text question")
            if modelAnswer == nil { fail(node, "a free-text question needs `model-answer:`") }
            expected = readRubric(mapping, node: node).map { .freeText($0) }
            examples = readExamples(mapping, node: node)
        case .lab:
            checkKeys(mapping, node: node, allowed: Self.commonKeys + ["lab", "choices", "answer"], what: "a lab question")
            let setup = readLab(mapping, node: node)
            let choices = readChoices(mapping, node: node)
            if let setup, let choices {
                expected = .lab(setup, choices: choices.choices, correct: choices.correct)
                if setup.runs.count == 2, setup.mirroredChoice(of: choices.correct, among: choices.choices) == nil {
                    fail(mapping["answer"], "a two-run lab question shows its runs in a shuffled order, so the answer with the labels "
                         + "\(setup.runs[0].label) and \(setup.runs[1].label) exchanged must be a choice too: add "
                         + "'\(TeacherText.excerpt(setup.mirrored(choices.choices[choices.correct])))'")
                }
            } else {
                expected = nil
            }
        }
        guard problemCount == errorCount, let id, let topic, let prompt, let explanation, let expected else { return nil }
        return QuizQuestion(id: id, topic: topic, prompt: prompt, expected: expected, modelAnswer: modelAnswer,
                            hints: hints, explanation: explanation,
                            source: SourceLocation(file: path, line: node.mark?.line), examples: examples)
    }

    mutating func readChoices(_ mapping: Node.Mapping, node: Node) -> (choices: [String], correct: Int)? {
        guard let choices = stringList(mapping, "choices", in: node, required: true) else { return nil }
        guard (2...8).contains(choices.count) else {
            fail(mapping["choices"], "give between 2 and 8 choices (found \(choices.count))")
            return nil
        }
        let normalized = choices.map { TextMatcher.normalizedWords($0).joined(separator: " ") }
        if Set(normalized).count != normalized.count {
            fail(mapping["choices"], "two choices read the same; make every choice different")
            return nil
        }
        guard let answer = scalar(mapping, "answer", in: node, required: true) else { return nil }
        if let index = choices.firstIndex(of: answer) { return (choices, index) }
        let wanted = TextMatcher.normalizedWords(answer).joined(separator: " ")
        if let index = normalized.firstIndex(of: wanted) { return (choices, index) }
        fail(mapping["answer"], "`answer:` must repeat the text of one of the choices")
        return nil
    }

    mutating func readTrueFalse(_ mapping: Node.Mapping, node: Node) -> ExpectedAnswer? {
        guard let text = scalar(mapping, "answer", in: node, required: true) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return .trueFalse(true)
        case "false", "no": return .trueFalse(false)
        default:
            fail(mapping["answer"], "`answer:` of a true-false question must be true or false")
            return nil
        }
    }

    mutating func readNumeric(_ mapping: Node.Mapping, node: Node) -> ExpectedAnswer? {
        guard let text = scalar(mapping, "answer", in: node, required: true) else { return nil }
        guard let value = Double(text), value.isFinite else {
            fail(mapping["answer"], "`answer:` of a numeric question must be a plain number such as 0.05 or 1e-3")
            return nil
        }
        var tolerance = NumericTolerance.absolute(0)
        if let toleranceText = scalar(mapping, "tolerance", in: node, required: false) {
            if toleranceText.hasSuffix("%"), let percent = Double(toleranceText.dropLast().trimmingCharacters(in: .whitespaces)),
               percent >= 0, percent.isFinite {
                tolerance = .relative(percent / 100)
            } else if let bound = Double(toleranceText), bound >= 0, bound.isFinite {
                tolerance = .absolute(bound)
            } else {
                fail(mapping["tolerance"], "`tolerance:` must be a number >= 0 (absolute) or a percentage such as 5% (relative)")
                return nil
            }
        }
        let unit = scalar(mapping, "unit", in: node, required: false).flatMap { $0.isEmpty ? nil : $0 }
        return .numeric(value: value, tolerance: tolerance, unit: unit)
    }

    /// `examples: {accept: [...], reject: [...]}`: answers the rubric must grade right and wrong.
    mutating func readExamples(_ mapping: Node.Mapping, node: Node) -> RubricExamples {
        guard let examplesNode = mapping["examples"] else { return RubricExamples(accept: [], reject: []) }
        guard let examples = examplesNode.mapping else {
            fail(examplesNode, "`examples:` must be a mapping with `accept:` and `reject:` lists of answers")
            return RubricExamples(accept: [], reject: [])
        }
        checkKeys(examples, node: examplesNode, allowed: ["accept", "reject"], what: "rubric examples")
        let accept = stringList(examples, "accept", in: examplesNode, required: false) ?? []
        let reject = stringList(examples, "reject", in: examplesNode, required: false) ?? []
        return RubricExamples(accept: accept, reject: reject)
    }

    mutating func readRubric(_ mapping: Node.Mapping, node: Node) -> Rubric? {
        guard let rubricNode = mapping["rubric"] else {
            fail(node, "a free-text question needs `rubric:` with `points:` and `pass:`")
            return nil
        }
        guard let rubric = rubricNode.mapping else {
            fail(rubricNode, "`rubric:` must be a mapping with `pass:` and `points:`")
            return nil
        }
        checkKeys(rubric, node: rubricNode, allowed: ["pass", "points"], what: "a rubric")
        guard let pointsNode = rubric["points"], let list = pointsNode.sequence, !list.isEmpty else {
            fail(rubric["points"] ?? rubricNode, "`points:` must be a non-empty list of `- point: ...` with `claims:`")
            return nil
        }
        var points: [RubricPoint] = []
        for item in list {
            guard let pointMapping = item.mapping else {
                fail(item, "each rubric point must be a mapping with `point:` and `claims:`")
                continue
            }
            checkKeys(pointMapping, node: item, allowed: ["point", "claims", "phrases", "required"], what: "a rubric point")
            let key = pointMapping["claims"] != nil || pointMapping["phrases"] == nil ? "claims" : "phrases"
            guard let name = scalar(pointMapping, "point", in: item, required: true),
                  let claims = stringList(pointMapping, key, in: item, required: true) else { continue }
            if claims.isEmpty || !claims.allSatisfy(RubricGrader.isUsable(claim:)) {
                fail(pointMapping[key], "every claim needs at least one word that is not a filler word (the, a, is, ...)")
                continue
            }
            var required = false
            if let requiredText = scalar(pointMapping, "required", in: item, required: false) {
                switch requiredText.lowercased() {
                case "true", "yes": required = true
                case "false", "no": required = false
                default:
                    fail(pointMapping["required"], "`required:` must be true or false")
                    continue
                }
            }
            points.append(RubricPoint(name: name, claims: claims, required: required))
        }
        var pass = points.count
        if let passText = scalar(rubric, "pass", in: rubricNode, required: true) {
            if let value = Int(passText), value >= 1, value <= max(1, list.count) {
                pass = value
            } else {
                fail(rubric["pass"], "`pass:` must be a whole number from 1 to the number of points (\(list.count))")
                return nil
            }
        }
        guard points.count == list.count else { return nil }
        return Rubric(points: points, minimumPoints: pass)
    }

    mutating func settings(_ node: Node?) -> [LabSetting]? {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            fail(node, "`hyperparameters:` must be a mapping of `name: value` lines, e.g. `learning-rate: \"0.5\"`")
            return nil
        }
        var result: [LabSetting] = []
        for (key, value) in mapping {
            guard let name = key.string, let text = value.scalar.map(TeacherText.value) else {
                fail(key, "each hyperparameter must be `name: value`")
                return nil
            }
            if name == "seed" {
                fail(key, "give the seed as `seed:` (or `seeds:`) of the lab, not as a hyperparameter")
                return nil
            }
            guard let id = HyperparameterName(lookup: name), id != .seed else {
                let known = HyperparameterName.allCases.filter { $0 != .seed }.map(\.rawValue).joined(separator: ", ")
                fail(key, "unknown hyperparameter '\(TeacherText.excerpt(name))'; use one of: \(known)")
                return nil
            }
            // Range-checked at load time, with this line: a question never sets what `set` refuses.
            do { _ = try id.spec.validate(text) } catch {
                problems.add(.setupValue(file: path, line: value.mark?.line, error))
                return nil
            }
            result.append(LabSetting(name: id.rawValue, value: text.trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    mutating func readLab(_ mapping: Node.Mapping, node: Node) -> LabSetup? {
        guard let labNode = mapping["lab"] else {
            fail(node, "a lab question needs `lab:` (dataset, model, seed, chart, hyperparameters, shows or runs)")
            return nil
        }
        guard let lab = labNode.mapping else {
            fail(labNode, "`lab:` must be a mapping")
            return nil
        }
        let before = problemCount
        checkKeys(lab, node: labNode, allowed: ["dataset", "model", "noise", "seed", "seeds", "chart", "hyperparameters", "shows", "runs"],
                  what: "a lab setup")
        let dataset = scalar(lab, "dataset", in: labNode, required: true)
        if let dataset, DatasetName(rawValue: dataset) == nil {
            fail(lab["dataset"], "unknown dataset '\(TeacherText.excerpt(dataset))'; use one of: \(DatasetName.allNames.joined(separator: ", "))")
        }
        let model = scalar(lab, "model", in: labNode, required: true)
        if let model, ModelKind(rawValue: model) == nil {
            fail(lab["model"], "unknown model '\(TeacherText.excerpt(model))'; use one of: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var noise: Double?
        if let noiseText = scalar(lab, "noise", in: labNode, required: false) {
            if let value = Double(noiseText), value >= 0, value.isFinite { noise = value } else { fail(lab["noise"], "`noise:` must be a number >= 0") }
        }
        var seeds: [UInt64] = []
        if lab["seed"] != nil && lab["seeds"] != nil { fail(labNode, "give either `seed:` or `seeds:`, not both") }
        if let seedText = scalar(lab, "seed", in: labNode, required: false) {
            if let seed = UInt64(seedText) { seeds = [seed] } else { fail(lab["seed"], "`seed:` must be a whole number >= 0") }
        } else if let seedTexts = stringList(lab, "seeds", in: labNode, required: false) {
            for text in seedTexts {
                if let seed = UInt64(text) { seeds.append(seed) } else { fail(lab["seeds"], "every seed must be a whole number >= 0") }
            }
        }
        if seeds.isEmpty && problemCount == before { fail(labNode, "a lab needs `seed:` (or a list `seeds:`) so the run is reproducible") }
        let chart = scalar(lab, "chart", in: labNode, required: false) ?? "loss"
        if !Self.charts.contains(chart) { fail(lab["chart"], "`chart:` must be one of: \(Self.charts.joined(separator: ", "))") }
        let shared = settings(lab["hyperparameters"]) ?? []
        var runs: [LabRun] = []
        if let runsNode = lab["runs"] {
            if lab["shows"] != nil { fail(lab["shows"], "with `runs:`, give `shows:` inside each run") }
            guard let list = runsNode.sequence, (2...3).contains(list.count) else {
                fail(runsNode, "`runs:` must list 2 or 3 runs, each with `label:`, `hyperparameters:` and `shows:`")
                return nil
            }
            for item in list {
                guard let run = item.mapping else { fail(item, "each run must be a mapping"); continue }
                checkKeys(run, node: item, allowed: ["label", "hyperparameters", "shows"], what: "a lab run")
                guard let label = scalar(run, "label", in: item, required: true) else { continue }
                let own = settings(run["hyperparameters"]) ?? []
                guard let shows = phenomenon(run, in: item) else { continue }
                runs.append(LabRun(label: label, hyperparameters: Self.merge(shared, own), shows: shows))
            }
            if Set(runs.map(\.label)).count != runs.count { fail(runsNode, "every run needs its own `label:`") }
        } else if let shows = phenomenon(lab, in: labNode) {
            runs = [LabRun(label: "run", hyperparameters: shared, shows: shows)]
        }
        guard problemCount == before, let dataset, let model, !runs.isEmpty else { return nil }
        return LabSetup(dataset: dataset, model: model, noise: noise, seeds: seeds, chart: chart, runs: runs)
    }

    mutating func phenomenon(_ mapping: Node.Mapping, in node: Node) -> LabPhenomenon? {
        guard let text = scalar(mapping, "shows", in: node, required: true) else { return nil }
        guard let value = LabPhenomenon(rawValue: text) else {
            fail(mapping["shows"], "unknown `shows:` '\(TeacherText.excerpt(text))'; use one of: \(LabPhenomenon.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    static func merge(_ shared: [LabSetting], _ own: [LabSetting]) -> [LabSetting] {
        var result = shared.filter { setting in !own.contains(where: { $0.name == setting.name }) }
        result += own
        return result
    }
}
