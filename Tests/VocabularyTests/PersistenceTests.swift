import Foundation
import Testing
@testable import Persistence

/// The one XDG resolver and the one atomic writer.
@Suite struct PersistenceTests {
    @Test func xdgFoldersFollowTheSpecification() {
        #expect(XDGBaseDirectory.state.hyperlabFolder(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/hyperlab")
        #expect(XDGBaseDirectory.data.hyperlabFolder(environment: ["XDG_DATA_HOME": "/d/", "HOME": "/h"]) == "/d/hyperlab")
        // Relative values are ignored, as the specification asks.
        #expect(XDGBaseDirectory.state.hyperlabFolder(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/hyperlab")
        #expect(XDGBaseDirectory.data.hyperlabFolder(environment: ["HOME": "/h"]) == "/h/.local/share/hyperlab")
        #expect(XDGBaseDirectory.data.hyperlabFolder(environment: [:]) == nil)
    }

    @Test func writesWholeWithModeAndLeavesNoTemporaryFile() throws {
        let folder = NSTemporaryDirectory() + "hyperlab-atomic-\(UUID().uuidString)/a/b"
        let path = folder + "/file.json"
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write(Array("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["file.json"])
    }

    @Test func aMissingFolderFailsWhenFoldersAreNotCreatedAndNothingIsLeft() {
        let path = NSTemporaryDirectory() + "hyperlab-atomic-\(UUID().uuidString)/missing/x.csv"
        #expect(throws: AtomicFileError.self) { try AtomicFile.write([1, 2, 3], to: path, createFolders: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFullDiskLeavesTheOldFileAndNoTemporary() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        // /dev/full's folder cannot take a temporary file as an ordinary user, and as root the rename target is a device:
        // either way the write fails with one error and /dev/full stays what it was.
        #expect(throws: AtomicFileError.self) { try AtomicFile.write(Array(repeating: 0, count: 10), to: "/proc/hyperlab-no/x") }
    }
}
