/// The names instrumentation has used for a process's CPU time and memory, across OTel
/// semantic-convention versions, runtimes and the Prometheus translation, in order of preference.
public enum RuntimeMetricNames {
    /// Cumulative CPU seconds (a counter; CPU% = rate × 100).
    public static let cpuTime: [String] = [
        "process.runtime.cpython.cpu_time", "runtime.cpython.cpu_time", "process.cpu.time",
        "process.runtime.jvm.cpu.time", "jvm.cpu.time", "process.runtime.dotnet.cpu.time", "dotnet.process.cpu.time",
        "process_runtime_cpython_cpu_time_seconds_total", "process_cpu_time_seconds_total", "process_cpu_seconds_total",
    ]

    /// Container CPU in percent of one core, a gauge (the docker_stats receiver).
    public static let containerCPU: [String] = ["container.cpu.utilization"]

    /// Memory in bytes as sampled (a gauge or non-monotonic sum: shown raw, never as a rate).
    public static let memory: [String] = [
        "process.runtime.cpython.memory", "runtime.cpython.memory", "process.memory.usage",
        "process.runtime.jvm.memory.usage", "jvm.memory.used", "process.runtime.go.mem.heap_alloc",
        "process.runtime.dotnet.memory", "dotnet.process.memory.working_set",
        "process_runtime_cpython_memory_bytes", "process_memory_usage_bytes", "process_resident_memory_bytes",
        "container.memory.usage.total", "container.memory.usage",
    ]
}
