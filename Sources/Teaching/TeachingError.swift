import Persistence
import TerminalCharts
import Vocabulary
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why something of the `Teaching` layer failed: a lesson or question file a teacher wrote, a quiz
/// or grading request, a lesson's data path, or the learner's saved state. The one error type of
/// the layer; every case keeps its values (file, line, the text given, what is allowed), and
/// `description` is one plain sentence saying what is wrong and how to fix it.
///
/// File problems are printed as `file:line: sentence`; the file name and the sentence are made safe
/// and short for a terminal when printed (control characters escaped, the sentence cut to
/// `TeacherText.maximumMessageCharacters` characters), so that no file's text can drive the
/// terminal or flood it through an error.
public enum TeachingError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Lesson and question files (collected by the loaders, one per problem)

    /// A problem in a lesson or question file at `line` (nil: the file as a whole); `problem` says
    /// what is wrong and how to fix it.
    case fileProblem(file: String, line: Int?, problem: String)
    /// A setup value of a lesson or question file outside the vocabulary (the value, the allowed range).
    case setupValue(file: String, line: Int?, VocabularyError)
    /// More than `TeacherText.maximumProblemsPerFile` problems in one file: `count` were not shown.
    case moreProblems(file: String, count: Int)

    // MARK: Conditions under `expect:` (become file problems with their line)

    /// `key: value` where `value` is not what the condition takes; `expected` completes
    /// "`key:` ...", e.g. "takes true or false".
    case conditionValue(key: String, value: String, expected: String)
    /// `model:` or `dataset:` without a name.
    case conditionNeedsName(key: String)
    /// `hyperparameter.NAME` with a `NAME` that is not a hyperparameter.
    case conditionHyperparameter(name: String, key: String)
    /// A condition name that is not known; `known` lists the names allowed.
    case unknownCondition(key: String, known: [String])

    // MARK: A lesson's data path (`use extra/houses.csv`)

    /// The path is absolute.
    case dataPathAbsolute(String)
    /// The path has `..`, `.`, `~` or an empty part.
    case dataPathNotPlain(String)
    /// The path does not end in `.csv`.
    case dataPathNotCSV(String)
    /// The path is a symbolic link to nothing.
    case dataPathDangling(String)
    /// The path leads out of `folder` through a symbolic link.
    case dataPathOutside(String, folder: String)
    /// The path names a folder, pipe or device.
    case dataPathNotRegular(String)
    /// No such file in the lesson's folder nor in the datasets folder.
    case dataPathMissing(String)

    // MARK: Quiz requests (`quiz ...`, `stats TOPIC`, `hyperlab quiz grade`)

    /// A question count below 1.
    case countTooSmall
    /// `option` (`--count`, `-n`) given without its number.
    case countMissing(option: String)
    /// `--count` followed by `value`, not a whole number >= 1.
    case countNotWhole(value: String)
    /// An option the quiz does not know.
    case unknownQuizOption(String)
    /// `quiz review` followed by a topic.
    case reviewTakesNoTopic
    /// More than one topic given (`words` as typed).
    case tooManyTopics(words: [String])
    /// `--seed` given without its number.
    case seedMissing
    /// `--seed` followed by `value`, not a whole number from 0 to `UInt64.max`.
    case seedNotWhole(value: String)
    /// `--json` asked of a practice quiz.
    case jsonNeedsReview
    /// `text` names no quiz topic; `topics` lists the ids.
    case unknownTopic(String, topics: [String])
    /// `text` is the start of several topic ids (`candidates`).
    case ambiguousTopic(String, candidates: [String])
    /// No question has the id `id`; `known` lists the closest ids (or all).
    case unknownQuestion(id: String, known: [String])
    /// An answer the question's grader cannot read; `problem` says what is expected.
    case answerNotUnderstood(String)
    /// A true-false question answered with neither.
    case answerNotTrueFalse
    /// A free-text answer without a word.
    case emptyAnswer

    // MARK: The learner's saved state

    /// Neither `XDG_DATA_HOME` nor `HOME` gives a folder for the learner's state.
    case noDataFolder
    /// A state file that cannot be read (`reason`) cannot be moved aside either (`errno`).
    case stateFileStuck(path: String, reason: String, errno: Int32)
    /// A value that cannot be encoded as JSON (`reason`) for the state file `name`.
    case stateFileEncoding(name: String, reason: String)
    /// A state file could not be written; the old file is unchanged.
    case stateFileWrite(AtomicFileError)
    /// The progress file holds something else; it is not overwritten.
    case notLessonProgress(path: String)
    /// The data folder could not be created.
    case storeFolderCreate(String)
    /// The data folder could not be opened (`errno`).
    case storeFolderOpen(String, errno: Int32)
    /// The data folder could not be locked (`errno`).
    case storeFolderLock(String, errno: Int32)
    /// The database was written by a newer hyperlab; it is left as it is.
    case storeNewer(path: String)
    /// A fresh database could not be created (`reason`).
    case storeCreate(path: String, reason: String)
    /// A broken database cannot be moved aside (`errno`).
    case storeStuck(path: String, errno: Int32)
    /// A write to the database failed: `what` was not saved (`reason`, SQLite's text).
    case storeWrite(what: String, path: String, reason: String)
    /// A read from the database failed (`reason`, SQLite's text).
    case storeRead(what: String, path: String, reason: String)
    /// A lesson id that is empty or longer than the store keeps.
    case invalidLessonID
    /// An answer with an impossible question id, topic or day.
    case invalidReview

    /// The file this error is about, when it is about a lesson or question file (control characters escaped).
    public var file: String? {
        switch self {
        case .fileProblem(let file, _, _), .setupValue(let file, _, _), .moreProblems(let file, _):
            return escapingControlCharacters(file, keepingLineBreaks: false)
        default: return nil
        }
    }

    /// The 1-based line in `file`, nil when the error is about the file as a whole or not about a file.
    public var line: Int? {
        switch self {
        case .fileProblem(_, let line, _), .setupValue(_, let line, _): return line
        default: return nil
        }
    }

    /// The sentence without the `file:line:` place: what is wrong and how to fix it (at most
    /// `TeacherText.maximumMessageCharacters` characters and "…").
    public var message: String {
        switch self {
        case .fileProblem(_, _, let problem): return TeacherText.message(problem)
        case .setupValue(_, _, let error): return TeacherText.message(error.description)
        case .moreProblems(_, let count): return "\(count) more problems not shown; fix the ones above first"

        case .conditionValue(let key, let value, let expected): return "`\(key):` \(expected) (got `\(value)`)"
        case .conditionNeedsName(let key): return "`\(key):` needs a name"
        case .conditionHyperparameter(let name, let key):
            return "unknown hyperparameter `\(name)` in `\(key)`; use one of: \(HyperparameterName.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownCondition(let key, let known): return "unknown condition `\(key)`; known: \(known.joined(separator: ", "))"

        case .dataPathAbsolute(let path):
            return "the data path `\(path)` is absolute; a lesson names a CSV inside its own folder or the datasets folder, e.g. `extra/houses.csv`"
        case .dataPathNotPlain(let path):
            return "the data path `\(path)` must be a plain relative path without `..`, `.` or empty parts, e.g. `extra/houses.csv`"
        case .dataPathNotCSV(let path): return "the data path `\(path)` must name a .csv file"
        case .dataPathDangling(let path): return "the data path `\(path)` is a link that leads nowhere; replace it with the CSV file itself"
        case .dataPathOutside(let path, let folder):
            return "the data path `\(path)` leads outside the folder \(TeacherText.excerpt(folder)) (through a symbolic link); put the CSV file itself in the lesson's folder"
        case .dataPathNotRegular(let path): return "the data path `\(path)` is not a regular file; a lesson reads CSV files only"
        case .dataPathMissing(let path): return "no file `\(path)` in the lesson's folder or the datasets folder; put the CSV next to the lesson"

        case .countTooSmall: return "--count must be at least 1"
        case .countMissing(let option): return "\(option) needs a number, e.g. --count 5"
        case .countNotWhole(let value): return "--count needs a whole number of at least 1, e.g. --count 5 (got '\(value)')"
        case .unknownQuizOption(let option): return "unknown option \(option); quiz takes a topic, review, and --count N"
        case .reviewTakesNoTopic: return "quiz review takes no topic; use quiz TOPIC to practise one topic"
        case .tooManyTopics(let words):
            return "quiz takes one topic at most (got \(words.joined(separator: " "))); write e.g. quiz learning-rate"
        case .seedMissing: return "--seed needs a whole number, e.g. --seed 7"
        case .seedNotWhole(let value): return "--seed needs a whole number from 0 to \(UInt64.max), e.g. --seed 7 (got '\(value)')"
        case .jsonNeedsReview: return "--json works with `quiz review` (it prints what is due); a practice quiz is interactive"
        case .unknownTopic(let text, let topics): return "no quiz topic `\(text)`; choose one of: \(topics.joined(separator: ", "))"
        case .ambiguousTopic(let text, let candidates):
            return "`\(text)` could be \(candidates.joined(separator: " or ")); type more of the name"
        case .unknownQuestion(let id, let known): return "no question '\(id)'; known ids: \(known.joined(separator: ", "))"
        case .answerNotUnderstood(let problem): return problem
        case .answerNotTrueFalse: return "answer true or false (t/f, yes/no also work)"
        case .emptyAnswer: return "the answer is empty; give it in a sentence or two"

        case .noDataFolder: return "cannot find where to keep progress: set HOME or XDG_DATA_HOME"
        case .stateFileStuck(let path, let reason, let code):
            return "\(path) cannot be read (\(reason)) and cannot be moved aside (\(Self.text(code))); "
                + "move or delete it yourself, progress is not saved until then"
        case .stateFileEncoding(let name, let reason): return "cannot encode \(name): \(reason)"
        case .stateFileWrite(let error): return error.description
        case .notLessonProgress(let path):
            return "\(path) holds something that is not lesson progress; not saving over it (move it away, or restart hyperlab to have it moved aside)"
        case .storeFolderCreate(let folder): return "cannot create \(folder) to keep your progress; check its permissions"
        case .storeFolderOpen(let folder, let code): return "cannot open \(folder) (\(Self.text(code))); check its permissions"
        case .storeFolderLock(let folder, let code):
            return "cannot lock \(folder) (\(Self.text(code))); check that the folder is on a local disk and writable"
        case .storeNewer(let path): return "\(path) was written by a newer hyperlab; update hyperlab (the file is left as it is)"
        case .storeCreate(let path, let reason): return "cannot create \(path): \(reason); check the folder's permissions and free disk space"
        case .storeStuck(let path, let code):
            return "\(path) cannot be used and cannot be moved aside (\(Self.text(code))); move it yourself"
        case .storeWrite(let what, let path, let reason): return "cannot save \(what) in \(path): \(reason)"
        case .storeRead(let what, let path, let reason): return "cannot read \(what) from \(path): \(reason)"
        case .invalidLessonID: return "refused to save lesson progress with an empty or over-long id"
        case .invalidReview: return "refused to save an answer with an impossible question id, topic or day"
        }
    }

    /// One line: `file:line: message` for a problem in a file (`file: message` when the line is
    /// unknown), else the message.
    public var description: String {
        guard let file else { return message }
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    /// The system's text for an errno value.
    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
