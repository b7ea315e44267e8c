/// The leaking cache of the demo's recommendationservice, as pure functions.
///
/// With the `recommendationCacheFailure` flag on, `get_product_list` in the demo's
/// `recommendation_server.py` does, on a miss (a coin flip, and always on the first call):
///
///     cached_ids = cached_ids + response_ids               # the catalog's 10 ids
///     cached_ids = cached_ids + cached_ids[:len(cached_ids) // 4]
///
/// so the list never shrinks and grows by a quarter (rounded down) of itself plus the catalog
/// on each miss: 0 → 12 → 27 → 46 → 70 → 100 → 137 → … (×1.25 per miss in the long run).
/// Every call then builds `set(product_ids)`, a scan whose cost is proportional to the list.
/// The memory and CPU models below are calibrated on CPython's list of references (8 bytes per
/// element plus over-allocation and the transient copies of the rebuild).
public enum ProductCache {
    /// Products in the demo's catalog (`products.json`).
    public static let catalogSize = 10
    /// The container's memory limit (the demo's `mem_limit` for recommendationservice).
    public static let memoryLimitBytes: Int64 = 500 * 1024 * 1024
    /// RSS of the idle service (CPython, grpcio, the OpenTelemetry SDK), before any cache.
    public static let baseRSSBytes: Int64 = 58 * 1024 * 1024
    /// Address space of the idle service: CPython maps far more than it touches.
    public static let baseVMSBytes: Int64 = 812 * 1024 * 1024
    /// Resident bytes per cached id: an 8-byte reference, list over-allocation and the
    /// fragmentation the rebuild's temporary lists leave behind.
    public static let bytesPerCachedID: Int64 = 10
    /// CPU nanoseconds per element to build `set(product_ids)` (hashes of the ids are cached).
    public static let scanNanosPerID = 14.0
    /// CPU nanoseconds per element to copy the list twice during a rebuild: each copy increments
    /// every element's reference count, and the new list's memory is freshly allocated, so its
    /// pages fault in on first touch. This makes a miss about three times the cost of a hit on a
    /// list of the same length, which is what lets `app.cache_hit=false` stand out in the tail.
    public static let copyNanosPerID = 12.0

    /// The list length after one more miss, exactly as the demo computes it:
    /// `m = count + 10; m + m / 4` (integer division).
    public static func countAfterMiss(_ count: Int) -> Int {
        let withCatalog = count + catalogSize
        return withCatalog + withCatalog / 4
    }

    /// The list lengths after the 1st, 2nd, … `misses`-th miss of a fresh process.
    public static func growthSequence(misses: Int) -> [Int] {
        var counts: [Int] = []
        counts.reserveCapacity(max(0, misses))
        var count = 0
        for _ in 0..<max(0, misses) {
            count = countAfterMiss(count)
            counts.append(count)
        }
        return counts
    }

    /// `app.filtered_products.count`: the distinct cached ids minus the requested ones. The
    /// list holds only the catalog's ids, however long it grows, so this stays below 10.
    public static func filteredCount(cachedCount: Int, requested: Int) -> Int {
        max(0, min(cachedCount, catalogSize) - requested)
    }

    /// Resident memory of a process whose cache holds `count` ids.
    public static func rssBytes(cachedCount count: Int) -> Int64 {
        baseRSSBytes + bytesPerCachedID * Int64(count)
    }

    /// Virtual memory of a process whose cache holds `count` ids.
    public static func vmsBytes(cachedCount count: Int) -> Int64 {
        baseVMSBytes + (bytesPerCachedID + 2) * Int64(count)
    }

    /// Whether a process with this cache is over its limit (and is restarted).
    public static func exceedsLimit(cachedCount count: Int) -> Bool {
        rssBytes(cachedCount: count) > memoryLimitBytes
    }

    /// Misses a fresh process survives: the length of the growth sequence below the limit.
    public static func missesBeforeRestart() -> Int {
        var count = 0
        var misses = 0
        while true {
            count = countAfterMiss(count)
            if exceedsLimit(cachedCount: count) { return misses }
            misses += 1
        }
    }

    /// CPU nanoseconds of a hit on a list of `count` ids (the set scan).
    public static func hitCPUNanos(cachedCount count: Int) -> Double {
        scanNanosPerID * Double(count)
    }

    /// CPU nanoseconds of a miss that grows the list from `before` to `after` ids (two copies
    /// of the list, then the scan of the new one).
    public static func missCPUNanos(before: Int, after: Int) -> Double {
        copyNanosPerID * Double(before + after) + scanNanosPerID * Double(after)
    }
}
