import Vocabulary
import Foundation
import Yams

/// Reads one lesson file: Markdown split into steps by `## ` headings, with fenced ```yaml blocks for the structured
/// parts. Every problem becomes a `TeachingError` with the real line of the `.md` file.
struct LessonParser {
    let path: String
    let policy: CommandPolicy
    /// The problems found, bounded.
    var problems = ProblemList()
    /// The problems to report.
    var errors: [TeachingError] { problems.shown }

    init(path: String, policy: CommandPolicy) {
        self.path = path
        self.policy = policy
    }

    /// A fenced YAML block: its parsed root and the `.md` line of its opening fence.
    struct Block {
        let key: String
        let value: Node
        let line: Int
        let fence: Int
    }

    /// A `## ` section (or the part before the first one) as raw material.
    struct Section {
        var title: String
        var line: Int
        var prose: [String] = []
        var blocks: [Block] = []
    }

    static let blockKeys = ["lesson", "setup", "try", "experiment", "question", "recap"]

    /// Records a problem (at most `TeacherText.maximumProblemsPerFile` are kept, see `ProblemList`).
    mutating func fail(_ line: Int?, _ message: String) {
        problems.add(.fileProblem(file: path, line: line, problem: message))
    }

    /// Every problem found so far, kept or not (a part is sound when this did not grow).
    var problemCount: Int { problems.count }

    /// The `.md` line of a node inside the block whose opening fence is at `fence`.
    func line(of node: Node?, fence: Int) -> Int {
        guard let mark = node?.mark else { return fence + 1 }
        return fence + mark.line
    }

    // MARK: - Markdown

    /// Parses a lesson file's text (see the type's notes). The text is first bounded and cleaned
    /// (`TeacherText.prepare`: size and line length, control characters escaped), so titles, prose
    /// and every value come out safe to print.
    mutating func parse(_ rawText: String, fileName: String) -> Lesson? {
        defer { problems.finish(file: path) }
        let text: String
        do {
            text = try TeacherText.prepare(rawText)
        } catch {
            fail(error.line, error.message)
            return nil
        }
        let (number, id) = Self.numberAndID(fileName)
        guard let number, let id else {
            fail(nil, "the file name must be a number, a dash and a lowercase name, e.g. `02-learning-rate.md`")
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var title: String?
        var sections: [Section] = [Section(title: "", line: 1)]
        var index = 0
        while index < lines.count {
            let raw = lines[index]
            let lineNumber = index + 1
            let trimmed = Self.trimmedSpaces(raw)
            if trimmed.hasPrefix("```") {
                let info = Self.trimmedSpaces(trimmed.dropFirst(3)).lowercased()
                var end = index + 1
                while end < lines.count, !Self.trimmedSpaces(lines[end]).hasPrefix("```") { end += 1 }
                if end >= lines.count {
                    fail(lineNumber, "this ``` block is never closed; add a line with ``` after it")
                    break
                }
                if info == "yaml" || info == "yml" {
                    let body = lines[(index + 1)..<end].joined(separator: "\n")
                    if let block = readBlock(body, fence: lineNumber) {
                        sections[sections.count - 1].blocks.append(block)
                    }
                } else {
                    sections[sections.count - 1].prose += lines[index...end]
                }
                index = end + 1
                continue
            }
            if trimmed.hasPrefix("## ") {
                sections.append(Section(title: String(Self.trimmedSpaces(trimmed.dropFirst(3))), line: lineNumber))
            } else if trimmed.hasPrefix("# ") && title == nil && sections.count == 1 {
                title = String(Self.trimmedSpaces(trimmed.dropFirst(2)))
            } else {
                sections[sections.count - 1].prose.append(raw)
            }
            index += 1
        }
        guard let title, !title.isEmpty else {
            fail(1, "a lesson starts with its title on a line `# Title`")
            return nil
        }
        return build(number: number, id: id, title: title, sections: sections)
    }

    /// `02-learning-rate.md` -> (2, "learning-rate").
    static func numberAndID(_ fileName: String) -> (Int?, String?) {
        var name = fileName
        if name.hasSuffix(".md") { name.removeLast(3) }
        guard let dash = name.firstIndex(of: "-"), let number = Int(name[..<dash]) else { return (nil, nil) }
        let id = String(name[name.index(after: dash)...])
        guard QuestionFileReader.isIdentifier(id) else { return (number, nil) }
        return (number, id)
    }

    mutating func readBlock(_ body: String, fence: Int) -> Block? {
        if let problem = YAMLPrescan.problem(in: body) {
            fail(fence + (problem.line ?? 1), problem.message)
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: body)
        } catch let error as YamlError {
            fail(Self.yamlLine(error).map { fence + $0 } ?? fence, "YAML error: \(Self.yamlProblem(error)); check the indentation and quoting")
            return nil
        } catch {
            fail(fence, "YAML error: \(TeacherText.excerpt("\(error)"))")
            return nil
        }
        guard let root, let mapping = root.mapping, mapping.count == 1, let first = mapping.first,
              let key = first.key.string else {
            fail(fence + 1, "a yaml block holds exactly one of: \(Self.blockKeys.map { "`\($0):`" }.joined(separator: ", ")); start another block for the next one")
            return nil
        }
        guard Self.blockKeys.contains(key) else {
            fail(line(of: first.key, fence: fence), "unknown block `\(TeacherText.excerpt(key)):`; use one of: \(Self.blockKeys.joined(separator: ", "))")
            return nil
        }
        return Block(key: key, value: first.value, line: line(of: first.key, fence: fence), fence: fence)
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        case let .duplicatedKeysInMapping(_, context): return context.mark.line
        default: return nil
        }
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return TeacherText.excerpt(problem)
        case let .duplicatedKeysInMapping(duplicates, _): return "the key \(TeacherText.excerpt(duplicates.joined(separator: ", "))) appears twice"
        default: return TeacherText.excerpt("\(error)")
        }
    }

    // MARK: - Steps

    mutating func build(number: Int, id: String, title: String, sections: [Section]) -> Lesson? {
        var summary = ""
        var covers: [ContentItem] = []
        var recap: [String] = []
        var steps: [LessonStep] = []
        var usedIDs: Set<String> = []
        // The next number to try after each step id, so that n equal headings cost O(n), not O(n²).
        var nextSuffix: [String: Int] = [:]
        var setupSeen = false
        var sawFront = false
        for (sectionIndex, section) in sections.enumerated() {
            var setup: LessonSetup?
            var tryCommands: [String] = []
            var kind = LessonStepKind.prose
            var interactiveLine: Int?
            var stepHasContent = false
            for block in section.blocks {
                switch block.key {
                case "lesson":
                    if sectionIndex != 0 || sawFront {
                        fail(block.line, "the `lesson:` block belongs once, before the first `## ` heading")
                        continue
                    }
                    sawFront = true
                    (summary, covers) = readFront(block)
                case "recap":
                    if !recap.isEmpty { fail(block.line, "a lesson has one `recap:` block; merge the two") }
                    recap = stringList(block.value, key: "recap", fence: block.fence) ?? []
                case "setup":
                    stepHasContent = true
                    if setup != nil { fail(block.line, "one `setup:` per step; start a new `## ` heading for the next one") }
                    setup = readSetup(block)
                    setupSeen = setupSeen || setup != nil
                case "try":
                    stepHasContent = true
                    if !tryCommands.isEmpty { fail(block.line, "one `try:` per step; list all the commands in it") }
                    tryCommands = readCommands(block.value, key: "try", fence: block.fence) ?? []
                default:
                    stepHasContent = true
                    if let earlier = interactiveLine {
                        fail(block.line, "one experiment or question per step (another starts at line \(earlier)); start a new `## ` heading")
                        continue
                    }
                    interactiveLine = block.line
                    if block.key == "experiment" {
                        if let experiment = readExperiment(block) {
                            kind = .experiment(experiment)
                            if !setupSeen && setup == nil {
                                fail(block.line, "an experiment needs a `setup:` block in its step or an earlier one, so that its solution runs from a known state")
                            }
                        }
                    } else if let question = readQuestion(block) {
                        kind = .question(question)
                    }
                }
            }
            let prose = Self.trimBlankLines(Self.reflowed(section.prose))
            if prose.isEmpty && !stepHasContent { continue }
            let stepTitle = sectionIndex == 0 ? title : section.title
            if section.title.isEmpty && sectionIndex != 0 { fail(section.line, "a `## ` heading needs a title") }
            var stepID = Self.slug(sectionIndex == 0 ? "introduction" : section.title)
            if stepID.isEmpty { stepID = "step-\(steps.count + 1)" }
            var unique = stepID
            var counter = nextSuffix[stepID] ?? 2
            while usedIDs.contains(unique) { unique = "\(stepID)-\(counter)"; counter += 1 }
            nextSuffix[stepID] = counter
            usedIDs.insert(unique)
            steps.append(LessonStep(id: unique, title: stepTitle, prose: prose, setup: setup, tryCommands: tryCommands,
                                    kind: kind, line: section.line))
        }
        if !sawFront { fail(1, "missing the front block: ```yaml with `lesson:` holding `summary:` and `covers:` before the first `## ` heading") }
        if steps.isEmpty { fail(1, "the lesson has no steps; add `## ` headings with text") }
        return Lesson(id: id, number: number, title: title, summary: summary, covers: covers, steps: steps,
                      recap: recap, file: path)
    }

    /// The lines without leading and trailing blank lines, and with runs of blank lines (left where YAML blocks
    /// were taken out) made single.
    /// Markdown paragraphs joined into one line each, so that the terminal wraps them at its own width (a file's
    /// line breaks at 80 columns would leave one-word lines on a narrower or slightly different width). A list item
    /// keeps its own line and takes its indented continuation lines; fenced blocks (```), indented code (4 spaces),
    /// headings, tables (`|`) and quotes (`>`) are kept line for line.
    static func reflowed(_ lines: [String]) -> [String] {
        var out: [String] = []
        var inFence = false
        var joinable = false
        for line in lines {
            let trimmed = trimmedSpaces(line)
            let indent = line.prefix { $0 == " " }.count
            if trimmed.hasPrefix("```") {
                inFence.toggle()
                out.append(line)
                joinable = false
                continue
            }
            if inFence || trimmed.isEmpty || indent >= 4 || trimmed.hasPrefix("#") || trimmed.hasPrefix("|") || trimmed.hasPrefix(">") {
                out.append(line)
                joinable = false
                continue
            }
            let startsItem = trimmed.range(of: #"^([-*+]|[0-9]{1,3}[.)])\s"#, options: .regularExpression) != nil
            if joinable && !startsItem, let last = out.last {
                out[out.count - 1] = last + " " + trimmed
            } else {
                out.append(line)
            }
            joinable = true
        }
        return out
    }

    static func trimBlankLines(_ lines: [String]) -> String {
        var kept: [String] = []
        for line in lines {
            let blank = Self.trimmedSpaces(line).isEmpty
            if blank, let last = kept.last, Self.trimmedSpaces(last).isEmpty { continue }
            kept.append(line)
        }
        var slice = kept[...]
        while let first = slice.first, Self.trimmedSpaces(first).isEmpty { slice = slice.dropFirst() }
        while let last = slice.last, Self.trimmedSpaces(last).isEmpty { slice = slice.dropLast() }
        return slice.joined(separator: "\n")
    }

    /// `text` without leading and trailing spaces, tabs and other space separators (what
    /// `trimmingCharacters(in: .whitespaces)` removes), in pure Swift: this runs for every line of
    /// a lesson, and Foundation's version costs microseconds per call on Linux.
    static func trimmedSpaces<Text: StringProtocol>(_ text: Text) -> Text.SubSequence {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return text[first...last]
    }

    /// `"Make it blow up!"` -> `make-it-blow-up`.
    static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty && !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    // MARK: - Blocks

    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], what: String, fence: Int) {
        for (key, _) in mapping {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                fail(line(of: key, fence: fence), "unknown key `\(TeacherText.excerpt(name))` in \(what); known keys: \(allowed.joined(separator: ", "))")
            }
        }
    }

    mutating func mapping(_ block: Block, what: String) -> Node.Mapping? {
        guard let mapping = block.value.mapping else {
            fail(block.line, "`\(block.key):` must be a mapping of keys indented under it (\(what))")
            return nil
        }
        return mapping
    }

    mutating func scalar(_ mapping: Node.Mapping, _ key: String, fence: Int, parent: Int, required: Bool) -> String? {
        guard let value = mapping[key] else {
            if required { fail(parent, "missing `\(key):`") }
            return nil
        }
        guard let scalar = value.scalar else {
            fail(line(of: value, fence: fence), "`\(key):` must be a single value, not a list or mapping")
            return nil
        }
        let text = TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && required {
            fail(line(of: value, fence: fence), "`\(key):` is empty")
            return nil
        }
        return text
    }

    /// A list of texts; a single text counts as a list of one.
    mutating func stringList(_ node: Node, key: String, fence: Int) -> [String]? {
        if let scalar = node.scalar {
            let text = TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [text]
        }
        guard let sequence = node.sequence else {
            fail(line(of: node, fence: fence), "`\(key):` must be a text or a list of texts (items start with `- `)")
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                fail(line(of: item, fence: fence), "each item of `\(key):` must be text")
                continue
            }
            result.append(TeacherText.value(scalar).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    mutating func readCommands(_ node: Node, key: String, fence: Int) -> [String]? {
        guard let list = stringList(node, key: key, fence: fence) else { return nil }
        let items = node.sequence.map { Array($0) } ?? [node]
        var commands: [String] = []
        for (offset, command) in list.enumerated() {
            let itemLine = line(of: offset < items.count ? items[offset] : node, fence: fence)
            if let problem = policy.problem(with: command) {
                fail(itemLine, problem)
            } else {
                commands.append(command.split(separator: " ").joined(separator: " "))
            }
        }
        return commands
    }

    mutating func readFront(_ block: Block) -> (String, [ContentItem]) {
        guard let mapping = mapping(block, what: "`summary:` and `covers:`") else { return ("", []) }
        checkKeys(mapping, allowed: ["summary", "covers"], what: "the `lesson:` block", fence: block.fence)
        let summary = scalar(mapping, "summary", fence: block.fence, parent: block.line, required: true) ?? ""
        var covers: [ContentItem] = []
        if let node = mapping["covers"], let names = stringList(node, key: "covers", fence: block.fence) {
            for name in names {
                if let item = ContentItem(rawValue: name) {
                    covers.append(item)
                } else {
                    fail(line(of: node, fence: block.fence), "unknown item `\(TeacherText.excerpt(name))` in `covers:`; use \(ContentItem.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
        } else if mapping["covers"] == nil {
            fail(block.line, "missing `covers:` (the CONTENT.md items this lesson teaches, e.g. [fact-1, review-1])")
        }
        return (summary, covers)
    }

    mutating func readSetup(_ block: Block) -> LessonSetup? {
        guard let mapping = mapping(block, what: "`dataset:`, `model:`, `seed:`, `pin-seed:`, `hyperparameters:`, `train:`, `note:`") else { return nil }
        let fence = block.fence
        let before = problemCount
        checkKeys(mapping, allowed: ["dataset", "model", "seed", "pin-seed", "hyperparameters", "train", "note"], what: "a setup", fence: fence)
        let note = scalar(mapping, "note", fence: fence, parent: block.line, required: false)
        if let note { checkPlaceholders(note, key: "note", line: line(of: mapping["note"], fence: fence)) }
        let pinned = scalar(mapping, "pin-seed", fence: fence, parent: block.line, required: false)
        if pinned != nil && mapping["seed"] == nil {
            fail(line(of: mapping["pin-seed"], fence: fence), "`pin-seed:` needs a `seed:` to pin; give both, and say why in the lesson text")
        }
        let dataset = scalar(mapping, "dataset", fence: fence, parent: block.line, required: true)
        if let dataset, let problem = policy.datasetProblem(dataset) { fail(line(of: mapping["dataset"], fence: fence), problem) }
        let model = scalar(mapping, "model", fence: fence, parent: block.line, required: false)
        if let model, ModelKind(rawValue: model) == nil {
            fail(line(of: mapping["model"], fence: fence), "unknown model `\(TeacherText.excerpt(model))`; use one of: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var seed: UInt64?
        if let text = scalar(mapping, "seed", fence: fence, parent: block.line, required: false) {
            seed = UInt64(text)
            if seed == nil { fail(line(of: mapping["seed"], fence: fence), "`seed:` must be a whole number >= 0") }
        }
        var trains = true
        if let text = scalar(mapping, "train", fence: fence, parent: block.line, required: false) {
            switch text.lowercased() {
            case "true", "yes": trains = true
            case "false", "no": trains = false
            default: fail(line(of: mapping["train"], fence: fence), "`train:` is true or false")
            }
        }
        var settings: [(name: String, value: String)] = []
        if let node = mapping["hyperparameters"] {
            if let pairs = node.mapping {
                for (key, value) in pairs {
                    let keyLine = line(of: key, fence: fence)
                    guard let name = key.string, let id = HyperparameterName(lookup: name) else {
                        fail(keyLine, "unknown hyperparameter `\(TeacherText.excerpt(key.string ?? "?"))`; use one of: \(HyperparameterName.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    let canonical = id.rawValue
                    if id == .seed { fail(keyLine, "give the seed as `seed:` of the setup, not under `hyperparameters:`"); continue }
                    guard let scalar = value.scalar else { fail(keyLine, "the value of `\(TeacherText.excerpt(name))` must be a single value"); continue }
                    let text = TeacherText.value(scalar).trimmingCharacters(in: .whitespaces)
                    if text.unicodeScalars.contains(where: { CommandPolicy.shellCharacters.contains($0) || $0 == " " }) {
                        fail(keyLine, "the value of `\(TeacherText.excerpt(name))` must be one word such as 0.1, full or 16,8")
                        continue
                    }
                    // Range-checked here, at load time, with this line: a lesson never sets what `set` refuses.
                    do { _ = try id.spec.validate(text) } catch {
                        problems.add(.setupValue(file: path, line: line(of: value, fence: fence), error))
                        continue
                    }
                    settings.append((canonical, text))
                }
            } else {
                fail(line(of: node, fence: fence), "`hyperparameters:` must be a mapping such as `learning-rate: 0.1` on indented lines")
            }
        }
        if note != nil && !trains {
            fail(line(of: mapping["note"], fence: fence), "`note:` is shown after the setup's training; a setup with `train: false` has none")
        }
        guard problemCount == before, let dataset else { return nil }
        return LessonSetup(dataset: dataset, model: model, seed: seed, hyperparameters: settings, trains: trains,
                           pinnedBecause: pinned, note: note)
    }

    mutating func readExperiment(_ block: Block) -> LessonExperiment? {
        guard let mapping = mapping(block, what: "`goal:`, `expect:`, `solution:`, `hints:`, `explain:`, `demonstrates:`") else { return nil }
        let fence = block.fence
        let before = problemCount
        checkKeys(mapping, allowed: ["goal", "expect", "solution", "hints", "explain", "demonstrates"], what: "an experiment", fence: fence)
        var demonstrates: [String] = []
        if let node = mapping["demonstrates"], let names = stringList(node, key: "demonstrates", fence: fence) {
            for name in names {
                let known = policy.goalNames.isEmpty
                    ? !name.isEmpty && name.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }
                    : policy.goalNames.contains(name)
                if known { demonstrates.append(name); continue }
                let accepted = policy.goalNames.isEmpty ? "lowercase words joined by `-`" : "one of " + policy.goalNames.sorted().joined(separator: ", ")
                fail(line(of: node, fence: fence), "unknown goal `\(TeacherText.excerpt(name))` in `demonstrates:`; use \(accepted)")
            }
        }
        let goal = scalar(mapping, "goal", fence: fence, parent: block.line, required: true)
        let explain = scalar(mapping, "explain", fence: fence, parent: block.line, required: true) ?? ""
        checkPlaceholders(explain, key: "explain", line: line(of: mapping["explain"], fence: fence))
        let hints = mapping["hints"].flatMap { stringList($0, key: "hints", fence: fence) } ?? []
        var conditions: [OutcomeCondition] = []
        if let node = mapping["expect"] {
            if let pairs = node.mapping, pairs.count > 0 {
                for (key, value) in pairs {
                    guard let name = key.string, let text = value.scalar.map(TeacherText.value) else {
                        fail(line(of: key, fence: fence), "each condition is `name: value` on one line")
                        continue
                    }
                    switch OutcomeCondition.parse(key: name, value: text) {
                    case .success(let condition): conditions.append(condition)
                    case .failure(let error): fail(line(of: key, fence: fence), error.message)
                    }
                }
            } else {
                fail(line(of: node, fence: fence), "`expect:` must be a mapping of conditions such as `diverged: true`")
            }
        } else {
            fail(block.line, "missing `expect:` (the conditions a run must meet, e.g. `diverged: true`)")
        }
        let searchConditions = conditions.filter(\.isSearch).count
        if searchConditions > 0 && searchConditions < conditions.count, let node = mapping["expect"] {
            fail(line(of: node, fence: fence), "`expect:` mixes `search.` conditions (met by a `tune` or `sweep`) with conditions on a training; "
                 + "one experiment checks one of them")
        }
        let isSearch = searchConditions > 0
        if isSearch && !demonstrates.isEmpty, let node = mapping["demonstrates"] {
            fail(line(of: node, fence: fence), "`demonstrates:` names what a training shows; a search experiment (`search.` conditions) has none")
        }
        var solution: [String] = []
        if let node = mapping["solution"], isSearch {
            solution = readCommands(node, key: "solution", fence: fence) ?? []
            if solution.isEmpty && problemCount == before { fail(line(of: node, fence: fence), "`solution:` is empty") }
            if !solution.isEmpty && !solution.contains(where: { ["tune", "sweep"].contains(String($0.split(separator: " ")[0]).lowercased()) }) {
                fail(line(of: node, fence: fence), "the goal reads `search.` conditions, but the solution runs no search; end it with a `tune` or `sweep` command")
            }
        } else if let node = mapping["solution"] {
            solution = readCommands(node, key: "solution", fence: fence) ?? []
            let trainingWords: Set<String> = ["set", "train", "run", "continue", "unset", "use", "dataset", "model"]
            if !solution.isEmpty && !solution.contains(where: { trainingWords.contains(String($0.split(separator: " ")[0]).lowercased()) && $0 != "set auto off" }) {
                fail(line(of: node, fence: fence), "the solution never trains; end it with a `set ...` (which retrains) or `train`")
            }
            if solution.isEmpty && problemCount == before { fail(line(of: node, fence: fence), "`solution:` is empty") }
            let firstTraining = solution.first { trainingWords.contains(String($0.split(separator: " ")[0]).lowercased()) || $0.hasPrefix("continue") || $0.hasPrefix("reset") }
            if let firstTraining, firstTraining.hasPrefix("continue") || firstTraining.hasPrefix("reset") {
                fail(line(of: node, fence: fence), "the solution runs after the setup without its training, so `\(TeacherText.excerpt(firstTraining))` has no weights to work on; put `train` before it")
            }
        } else {
            fail(block.line, "missing `solution:` (the commands that reach the goal; `skip` runs them and `lessons check` proves them)")
        }
        guard problemCount == before, let goal else { return nil }
        return LessonExperiment(goal: goal, expect: conditions, solution: solution, hints: hints, explain: explain, line: block.line,
                                demonstrates: demonstrates)
    }

    /// Fails once per unknown `{...}` placeholder of a template (`explain:`, `note:`): a name that is neither a metric
    /// of `RunFacts` nor `hyperparameter.NAME` with a hyperparameter of the vocabulary.
    mutating func checkPlaceholders(_ template: String, key: String, line: Int) {
        for name in Self.placeholders(in: template) where !RunFacts.isPlaceholder(name) {
            let hint = name.hasPrefix("hyperparameter.")
                ? "`\(TeacherText.excerpt(String(name.dropFirst("hyperparameter.".count))))` is not a hyperparameter; use one of: \(HyperparameterName.allCases.map(\.rawValue).joined(separator: ", "))"
                : "use a metric such as {final.train_loss}, {best.epoch} or {hyperparameter.learning-rate}"
            fail(line, "unknown placeholder `{\(TeacherText.excerpt(name))}` in `\(key):`; \(hint)")
        }
    }

    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]).trimmingCharacters(in: .whitespaces))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    mutating func readQuestion(_ block: Block) -> LessonQuestion? {
        guard let mapping = mapping(block, what: "`type:`, `prompt:`, `answer:` ...") else { return nil }
        let fence = block.fence
        let before = problemCount
        let common = ["type", "prompt", "hints", "explanation", "model-answer"]
        let typeText = scalar(mapping, "type", fence: fence, parent: block.line, required: true)
        let prompt = scalar(mapping, "prompt", fence: fence, parent: block.line, required: true)
        let explanation = scalar(mapping, "explanation", fence: fence, parent: block.line, required: true)
        let modelAnswer = scalar(mapping, "model-answer", fence: fence, parent: block.line, required: false)
        let hints = mapping["hints"].flatMap { stringList($0, key: "hints", fence: fence) } ?? []
        var expected: ExpectedAnswer?
        switch typeText {
        case "choice":
            checkKeys(mapping, allowed: common + ["choices", "answer"], what: "a choice question", fence: fence)
            let choices = mapping["choices"].flatMap { stringList($0, key: "choices", fence: fence) } ?? []
            let answer = scalar(mapping, "answer", fence: fence, parent: block.line, required: true)
            if !(2...8).contains(choices.count) {
                fail(line(of: mapping["choices"], fence: fence), "give between 2 and 8 `choices:` (found \(choices.count))")
            } else if let answer {
                if let index = choices.firstIndex(of: answer) ?? ChoiceGrader.interpret(answer, choices: choices) {
                    expected = .choice(choices: choices, correct: index)
                } else {
                    fail(line(of: mapping["answer"], fence: fence), "`answer:` must repeat the text of one of the choices")
                }
            }
        case "true-false":
            checkKeys(mapping, allowed: common + ["answer"], what: "a true-false question", fence: fence)
            if let answer = scalar(mapping, "answer", fence: fence, parent: block.line, required: true) {
                switch answer.lowercased() {
                case "true", "yes": expected = .trueFalse(true)
                case "false", "no": expected = .trueFalse(false)
                default: fail(line(of: mapping["answer"], fence: fence), "`answer:` of a true-false question must be true or false")
                }
            }
        case "numeric":
            checkKeys(mapping, allowed: common + ["answer", "tolerance", "unit"], what: "a numeric question", fence: fence)
            if let answer = scalar(mapping, "answer", fence: fence, parent: block.line, required: true) {
                if let value = Double(answer), value.isFinite {
                    var tolerance = NumericTolerance.absolute(0)
                    if let text = scalar(mapping, "tolerance", fence: fence, parent: block.line, required: false) {
                        if text.hasSuffix("%"), let percent = Double(text.dropLast().trimmingCharacters(in: .whitespaces)), percent >= 0 {
                            tolerance = .relative(percent / 100)
                        } else if let bound = Double(text), bound >= 0, bound.isFinite {
                            tolerance = .absolute(bound)
                        } else {
                            fail(line(of: mapping["tolerance"], fence: fence), "`tolerance:` must be a number >= 0 or a percentage such as 5%")
                        }
                    }
                    let unit = scalar(mapping, "unit", fence: fence, parent: block.line, required: false).flatMap { $0.isEmpty ? nil : $0 }
                    expected = .numeric(value: value, tolerance: tolerance, unit: unit)
                } else {
                    fail(line(of: mapping["answer"], fence: fence), "`answer:` of a numeric question must be a plain number such as 0.05")
                }
            }
        case "free-text":
            checkKeys(mapping, allowed: common + ["rubric"], what: "a free-text question", fence: fence)
            if modelAnswer == nil { fail(block.line, "a free-text question needs `model-answer:`") }
            expected = readRubric(mapping, fence: fence, parent: block.line).map { .freeText($0) }
        case nil:
            break
        default:
            fail(line(of: mapping["type"], fence: fence), "unknown question type `\(TeacherText.excerpt(typeText ?? ""))`; use choice, true-false, numeric or free-text")
        }
        guard problemCount == before, let prompt, let explanation, let expected else { return nil }
        return LessonQuestion(prompt: prompt, expected: expected, hints: hints, explanation: explanation,
                              modelAnswer: modelAnswer, line: block.line)
    }

    mutating func readRubric(_ mapping: Node.Mapping, fence: Int, parent: Int) -> Rubric? {
        guard let rubricNode = mapping["rubric"], let rubric = rubricNode.mapping else {
            fail(parent, "a free-text question needs `rubric:` with `pass:` and `points:` (each `- point:` with `claims:`)")
            return nil
        }
        checkKeys(rubric, allowed: ["pass", "points"], what: "a rubric", fence: fence)
        guard let list = rubric["points"]?.sequence, list.count > 0 else {
            fail(line(of: rubricNode, fence: fence), "`points:` must be a non-empty list of `- point: ...` with `claims:`")
            return nil
        }
        var points: [RubricPoint] = []
        for item in list {
            // `claims:` (`phrases:` is the older name of the same list).
            let key = item.mapping?["claims"] != nil ? "claims" : "phrases"
            guard let pointMapping = item.mapping,
                  let name = pointMapping["point"]?.scalar.map(TeacherText.value),
                  let claimsNode = pointMapping[key],
                  let claims = stringList(claimsNode, key: key, fence: fence), !claims.isEmpty,
                  claims.allSatisfy(RubricGrader.isUsable(claim:)) else {
                fail(line(of: item, fence: fence), "each rubric point is `- point: ...` with `claims: [...]` (each claim with a word that is not a filler word)")
                continue
            }
            let required = ["true", "yes"].contains(pointMapping["required"]?.scalar?.string.lowercased() ?? "")
            points.append(RubricPoint(name: name, claims: claims, required: required))
        }
        guard let passText = scalar(rubric, "pass", fence: fence, parent: line(of: rubricNode, fence: fence), required: true),
              let pass = Int(passText), pass >= 1, pass <= max(1, list.count) else {
            fail(line(of: rubric["pass"] ?? rubricNode, fence: fence), "`pass:` must be a whole number from 1 to the number of points")
            return nil
        }
        return Rubric(points: points, minimumPoints: pass)
    }
}
