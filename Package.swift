// swift-tools-version: 6.0
// The layers of hyperlab. Arrows in ../README.md ("Architecture") are the only imports allowed:
//   hyperlab -> HyperLabApp -> {Teaching, Tuning, Learning, TerminalCharts, LineEditor}
//   Tuning -> Learning; Teaching -> TerminalCharts (the terminal-safe text escaping); LineEditor -> CReadline.
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
    ],
    targets: [
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .target(name: "LineEditor", dependencies: ["CReadline"]),
        .target(
            name: "Learning",
            dependencies: [.product(name: "SwiftCSV", package: "SwiftCSV")],
            // Optimized in debug builds too: the training kernels run about 1000x slower unoptimized,
            // which would make `swift test` (and every test that trains a model) crawl.
            swiftSettings: numericFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "TerminalCharts"),
        .target(name: "Tuning", dependencies: ["Learning"], swiftSettings: numericFlags),
        .target(name: "Teaching", dependencies: ["TerminalCharts", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "HyperLabApp",
            dependencies: ["Learning", "TerminalCharts", "Tuning", "Teaching", "LineEditor"]
        ),
        .executableTarget(
            name: "hyperlab",
            dependencies: ["HyperLabApp", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "hyperlab-bench-training",
            dependencies: ["Learning"],
            path: "bench/training/Sources",
            swiftSettings: numericFlags
        ),
        .executableTarget(name: "hyperlab-bench-charts", dependencies: ["TerminalCharts"], path: "bench/charts/Sources"),
        // A tiny REPL over LineEditor that LineEditorTests drive under tmux and through pipes.
        .executableTarget(name: "lineeditor-demo", dependencies: ["LineEditor"], path: "bench/lineeditor-demo/Sources"),
        .testTarget(name: "LearningTests", dependencies: ["Learning"]),
        .testTarget(name: "TerminalChartsTests", dependencies: ["TerminalCharts"], resources: [.copy("Snapshots")]),
        .testTarget(name: "TuningTests", dependencies: ["Tuning", "Learning"]),
        .testTarget(name: "TeachingTests", dependencies: ["Teaching"]),
        .executableTarget(name: "hyperlab-bench-repl", dependencies: ["HyperLabApp", "TerminalCharts"], path: "bench/repl/Sources"),
        // Spawning and tmux helpers shared by the tests that use a real terminal.
        .target(name: "TerminalTestSupport", path: "Tests/TerminalTestSupport"),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "TerminalTestSupport"]),
        .testTarget(name: "HyperLabAppTests", dependencies: ["HyperLabApp", "Learning", "TerminalCharts", "Teaching", "Tuning", "TerminalTestSupport"]),
        .executableTarget(
            name: "hyperlab-bench-tuning",
            dependencies: ["Tuning", "Learning"],
            path: "bench/tuning/Sources",
            swiftSettings: numericFlags
        ),
    ],
    swiftLanguageModes: [.v6]
)
