import TelemetryModel
import Vocabulary

/// What a run tells its caller while it goes: each input problem as it is found, warnings, and
/// the end of each phase. The command line prints them at once (a long read shows its problems
/// before it ends, and `--timings` times the phases); tests use `.silent` and read the result or
/// the failure, which carry the same diagnostics and warnings.
public struct PipelineObserver {
    public var diagnostic: (Diagnostic) -> Void
    /// A warning about the request (`--where` matched nothing, `--service` has no spans).
    public var warning: (String) -> Void
    /// A phase ended: read, filter, analyse, render, validate, write.
    public var phaseEnded: (String) -> Void

    public init(
        diagnostic: @escaping (Diagnostic) -> Void = { _ in }, warning: @escaping (String) -> Void = { _ in },
        phaseEnded: @escaping (String) -> Void = { _ in }
    ) {
        self.diagnostic = diagnostic
        self.warning = warning
        self.phaseEnded = phaseEnded
    }

    public static var silent: PipelineObserver { PipelineObserver() }
}
