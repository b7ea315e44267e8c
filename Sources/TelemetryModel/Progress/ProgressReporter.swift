import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// What a long run is doing, for a person watching it (issue 7): the phase, how far it got and
/// how fast, redrawn on one line of standard error. Shown only when standard error is a terminal,
/// `--quiet` is not given, and the run has taken more than a second; never written to standard
/// output or to any file. Stages report through `ProgressReporter.shared`, which is silent
/// unless the command started it, so library code and tests need not know about it.
public final class ProgressReporter: @unchecked Sendable {
    public static let shared = ProgressReporter()

    private let lock = NSLockLike()
    private var phase = ""
    private var done: Int64 = 0
    private var total: Int64 = 0
    private var unit = ""
    private var phaseStart = 0.0
    private var runStart = 0.0
    private var enabled = false
    private var drawn = false
    private var timer: DispatchSourceTimer?

    /// Starts drawing (after a second) when `enabled`; otherwise every call stays a no-op.
    public func start(enabled: Bool) {
        lock.locked {
            self.enabled = enabled
            runStart = Self.now()
        }
        guard enabled else { return }
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        // A second before the first drawing, unless OTEL_REPORT_PROGRESS_DELAY_MS says otherwise
        // (tests set 0 so that even a short run draws).
        let delay = getenv("OTEL_REPORT_PROGRESS_DELAY_MS").flatMap { Int(String(cString: $0)) } ?? 1000
        t.schedule(deadline: .now() + .milliseconds(max(0, delay)), repeating: .milliseconds(100))
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
        timer = t
    }

    /// Enters a phase ("reading", "analysing"); `total` is in `unit`s (0: unknown).
    public func begin(_ phase: String, total: Int64 = 0, unit: String = "") {
        lock.locked {
            self.phase = phase
            self.total = total
            self.unit = unit
            done = 0
            phaseStart = Self.now()
        }
    }

    /// Adds to the current phase's progress (bytes read, spans decoded); any thread.
    public func advance(by n: Int64) {
        guard enabled else { return }
        lock.locked { done += n }
    }

    /// Runs `body` (which prints something) with the progress line cleared first and not drawn
    /// meanwhile, so the two never share a line; drawing resumes on the next tick.
    public func printing(_ body: () -> Void) {
        lock.locked {
            if drawn { Self.write("\r\u{1B}[K") }
            drawn = false
            body()
        }
    }

    /// Stops drawing and clears the line.
    public func finish() {
        timer?.cancel()
        timer = nil
        lock.locked {
            if drawn { Self.write("\r\u{1B}[K") }
            drawn = false
            enabled = false
        }
    }

    private func draw() {
        lock.locked {
            guard enabled else { return }
            let elapsed = max(Self.now() - phaseStart, 1e-6)
            var line = "\r\u{1B}[K" + phase
            if total > 0 {
                let share = min(1, Double(done) / Double(total))
                let width = 24
                let filled = Int(share * Double(width))
                line += " [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                line += "\(Int(share * 100))%"
            }
            if done > 0 {
                let scale = unit == "MB" ? 1e6 : 1
                let rate = Double(done) / scale / elapsed
                line +=
                    " · " + (unit == "MB" ? "\(Int(Double(done) / 1e6)) MB, \(Int(rate)) MB/s" : "\(done) \(unit), \(Int(rate)) \(unit)/s")
            }
            line += " · \(Int(Self.now() - runStart)) s"
            Self.write(line)
            drawn = true
        }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func write(_ text: String) {
        var t = text
        t.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress!, buf.count) }
    }
}

/// A pthread mutex, so the model module needs no Foundation for one lock.
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
