import Vocabulary
import Foundation
import Learning
import Teaching

extension LabConsole {
    /// `command`, a line the running lesson makes the lab run (`try:`, set-up, solution), with the CSV path
    /// of a `use` resolved inside the lesson's own folder or the datasets folder (`LessonPaths.resolveCommand`:
    /// never the working directory; no absolute path, no `..`; symbolic links resolved and kept inside;
    /// regular files only). Other lines come back unchanged.
    /// - Returns: the line to run, or nil after appending the one error saying why the path was refused.
    func resolvedLessonCommand(_ command: String, into outputs: inout [Output]) -> String? {
        guard let lesson = runner?.lesson else { return command }
        do {
            return try LessonPaths.resolveCommand(command, lessonFolder: (lesson.file as NSString).deletingLastPathComponent,
                                                  datasetsFolder: environment.datasetsDirectory,
                                                  builtInDatasets: DatasetCatalog.allNames)
        } catch {
            outputs.append(.error("the lesson's `\(command)` was not run: \(error.message)"))
            return nil
        }
    }
}
