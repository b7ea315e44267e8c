#if canImport(Glibc)
    import Glibc
#endif

/// `render --timings`: wall-clock seconds, the CPU seconds of every thread (user + system), the
/// page faults and peak memory at the end of each phase (read, analyse, render, validate, write),
/// printed to standard error, so a benchmark can time the phases of one run separately without a
/// profiler, and see how much of the machine a phase used (CPU above wall: several cores at
/// once). The faults are the kernel's share: each first touch of a fresh page costs about 1.7 µs
/// of system time on the benchmark machine, a quarter of a 500k-span render's CPU.
struct PhaseTimer {
    private var last = PhaseTimer.now()
    private let start = PhaseTimer.now()
    private var lastCPU = PhaseTimer.cpuSeconds()
    private var lastFaults = PhaseTimer.usage().ru_minflt
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let t = Self.now()
        let cpu = Self.cpuSeconds()
        let faults = Self.usage().ru_minflt
        let text =
            "timing: \(phase) \(Self.fixed(t - last)) s (total \(Self.fixed(t - start)) s), cpu \(Self.fixed(cpu - lastCPU)) s, "
            + "\(faults - lastFaults) page faults, peak RSS \(Self.peakRSSMiB()) MiB\n"
        DiagnosticPrinter.writeErr(text)
        last = t
        lastCPU = cpu
        lastFaults = faults
    }

    static func fixed(_ x: Double) -> String {
        let ms = Int((x * 1000).rounded())
        return "\(ms / 1000).\(String(ms % 1000).leftPadded(to: 3))"
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The process's resource use so far, every thread's (`getrusage`).
    static func usage() -> rusage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage
    }

    /// User plus system CPU seconds of every thread of the process so far.
    static func cpuSeconds() -> Double {
        let usage = usage()
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// The process's peak resident set so far (`ru_maxrss`, KiB on Linux), in MiB.
    static func peakRSSMiB() -> Int {
        Int(usage().ru_maxrss) / 1024
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
