import Vocabulary

/// The random choices of the reference tests (a faster method against the one it replaced, on
/// random inputs), from the shared seeded generator, so a seed gives the same inputs on every
/// run: `next(n)` is in `0..<n`.
struct Generator: RandomNumberGenerator {
    private var random: SplitMix64

    init(state: UInt64) { random = SplitMix64(seed: state) }

    mutating func next() -> UInt64 { random.next() }

    mutating func next(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
}
