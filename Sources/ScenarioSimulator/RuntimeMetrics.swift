/// The recommendationservice's own metrics, as `opentelemetry-instrumentation-system-metrics`
/// 0.46b0 names them: `process.runtime.cpython.memory` (bytes by `type` = rss | vms, written
/// as a gauge sampled at each export) and `process.runtime.cpython.cpu_time` (cumulative
/// monotonic seconds by `type` = user | system, whose start time is the process start, so a
/// restart is a counter reset).
enum RuntimeMetrics {
    /// Writes one `ExportMetricsServiceRequest` with every replica's current process at `time`
    /// and returns the number of data points.
    static func write(
        replicas: [RecommendationReplica], time: Int64, topology: DemoTopology,
        to json: inout OTLPJSONText
    ) -> Int {
        json.raw("{\"resourceMetrics\":[")
        for (index, replica) in replicas.enumerated() {
            let sample = replica.sample(at: time)
            if index > 0 { json.raw(",") }
            json.raw("{\"resource\":")
            json.raw(topology.resources[replica.resource].json)
            json.raw(
                ",\"scopeMetrics\":[{\"scope\":{\"name\":\"opentelemetry.instrumentation.system_metrics\",\"version\":\"0.46b0\"},\"metrics\":["
            )
            json.raw(
                "{\"name\":\"process.runtime.cpython.memory\",\"description\":\"Runtime cpython memory\",\"unit\":\"By\",\"gauge\":{\"dataPoints\":["
            )
            gaugePoint("rss", sample.rss, time: time, to: &json)
            json.raw(",")
            gaugePoint("vms", sample.vms, time: time, to: &json)
            json.raw(
                "]}},{\"name\":\"process.runtime.cpython.cpu_time\",\"description\":\"Runtime cpython CPU time\",\"unit\":\"s\",\"sum\":{\"dataPoints\":["
            )
            sumPoint("user", sample.user, start: replica.processStart, time: time, to: &json)
            json.raw(",")
            sumPoint("system", sample.system, start: replica.processStart, time: time, to: &json)
            json.raw("],\"aggregationTemporality\":2,\"isMonotonic\":true}}]}]}")
        }
        json.raw("]}")
        return 4 * replicas.count
    }

    private static func gaugePoint(_ type: String, _ value: Int64, time: Int64, to json: inout OTLPJSONText) {
        json.raw("{\"attributes\":[{\"key\":\"type\",\"value\":{\"stringValue\":\"\(type)\"}}],\"timeUnixNano\":")
        json.quotedInteger(time)
        json.raw(",\"asInt\":")
        json.quotedInteger(value)
        json.raw("}")
    }

    private static func sumPoint(_ type: String, _ seconds: Double, start: Int64, time: Int64, to json: inout OTLPJSONText) {
        json.raw("{\"attributes\":[{\"key\":\"type\",\"value\":{\"stringValue\":\"\(type)\"}}],\"startTimeUnixNano\":")
        json.quotedInteger(start)
        json.raw(",\"timeUnixNano\":")
        json.quotedInteger(time)
        json.raw(",\"asDouble\":")
        // Microsecond resolution, as psutil reports CPU times.
        json.number((seconds * 1e6).rounded() / 1e6)
        json.raw("}")
    }
}
