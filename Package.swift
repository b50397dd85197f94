// swift-tools-version: 6.0
// The layers of hyperlab. Arrows in ../README.md ("Architecture") are the only imports allowed:
//   hyperlab -> HyperLabApp -> {Teaching, Tuning, Learning, TerminalCharts, LineEditor}; hyperlab also -> LineEditor (output streams)
//   Tuning -> Learning; Teaching -> TerminalCharts (the terminal-safe text escaping); LineEditor -> CReadline;
//   every layer but LineEditor -> Vocabulary; LineEditor, Teaching, HyperLabApp -> Persistence.
import PackageDescription

/// Hot numeric kernels need FMA and AVX2 to be compiled in; without a target CPU, Swift
/// compiles for baseline x86-64 and SIMD fused multiply-add becomes a library call.
/// The flag is guarded so the package still builds on other architectures (aarch64 has FMA).
#if arch(x86_64)
let numericFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-target-cpu", "haswell"], .when(configuration: .release)),
                                    .unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .debug))]
#else
let numericFlags: [SwiftSetting] = []
#endif

let package = Package(
    name: "hyperlab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hyperlab", targets: ["hyperlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // GNU readline's headers are in the default include path (libreadline-dev); the module map
        // links it. No pkg-config entry: Debian's adds -D flags that SwiftPM refuses with a warning.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .target(name: "LineEditor", dependencies: ["CReadline", "Persistence"]),
        // Where a user's files live (XDG) and the one atomic file writer; no dependencies.
        .target(name: "Persistence"),
        // The bottom layer: every name (hyperparameters, models, datasets, tasks) lives here once.
        .target(name: "Vocabulary"),
        .target(
            name: "Learning",
            dependencies: ["Vocabulary", .product(name: "SwiftCSV", package: "SwiftCSV")],
            // Optimized in debug builds too: the training kernels run about 1000x slower unoptimized,
            // which would make `swift test` (and every test that trains a model) crawl.
            swiftSettings: numericFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "TerminalCharts", dependencies: ["Vocabulary"]),
        .target(name: "Tuning", dependencies: ["Vocabulary", "Learning"], swiftSettings: numericFlags),
        .target(name: "Teaching", dependencies: ["Vocabulary", "Persistence", "TerminalCharts", .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "HyperLabApp",
            dependencies: ["Vocabulary", "Persistence", "Learning", "TerminalCharts", "Tuning", "Teaching", "LineEditor"]
        ),
        .executableTarget(
            name: "hyperlab",
            dependencies: ["HyperLabApp", "Vocabulary", "TerminalCharts", "LineEditor", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "hyperlab-bench-training",
            dependencies: ["Vocabulary", "Learning"],
            path: "bench/training/Sources",
            swiftSettings: numericFlags
        ),
        .executableTarget(name: "hyperlab-bench-charts", dependencies: ["TerminalCharts"], path: "bench/charts/Sources"),
        // A tiny REPL over LineEditor that LineEditorTests drive under tmux and through pipes.
        .executableTarget(name: "lineeditor-demo", dependencies: ["LineEditor"], path: "bench/lineeditor-demo/Sources"),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary", "Persistence"]),
        .testTarget(name: "LearningTests", dependencies: ["Vocabulary", "Learning"]),
        .testTarget(name: "TerminalChartsTests", dependencies: ["Vocabulary", "TerminalCharts"], resources: [.copy("Snapshots")]),
        .testTarget(name: "TuningTests", dependencies: ["Vocabulary", "Tuning", "Learning"]),
        .testTarget(name: "TeachingTests", dependencies: ["Vocabulary", "Teaching"], exclude: ["Fixtures"]),
        .executableTarget(name: "hyperlab-bench-repl", dependencies: ["HyperLabApp", "Vocabulary", "TerminalCharts"], path: "bench/repl/Sources"),
        // Spawning and tmux helpers shared by the tests that use a real terminal.
        .target(name: "TerminalTestSupport", path: "Tests/TerminalTestSupport"),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "TerminalTestSupport"]),
        .testTarget(name: "HyperLabAppTests", dependencies: ["HyperLabApp", "Vocabulary", "Learning", "TerminalCharts", "Teaching", "Tuning", "TerminalTestSupport"],
                    exclude: ["Snapshots"]),
        .executableTarget(
            name: "hyperlab-bench-tuning",
            dependencies: ["Vocabulary", "Tuning", "Learning"],
            path: "bench/tuning/Sources",
            swiftSettings: numericFlags
        ),
    ],
    swiftLanguageModes: [.v6]
)
