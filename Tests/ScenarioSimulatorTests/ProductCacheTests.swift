import Foundation
import Testing
import Vocabulary

@testable import ScenarioSimulator

@Suite struct ProductCacheTests {
    @Test func growthFollowsTheDemoRuleOfCatalogPlusAQuarter() {
        // m = count + 10; next = m + m / 4 (integer division), from an empty list.
        #expect(ProductCache.growthSequence(misses: 10) == [12, 27, 46, 70, 100, 137, 183, 241, 313, 403])
        #expect(ProductCache.countAfterMiss(403) == 516)
    }

    @Test func growthTendsToOneAndAQuarterPerMiss() {
        let counts = ProductCache.growthSequence(misses: 40)
        let ratio = Double(counts[39]) / Double(counts[38])
        #expect(abs(ratio - 1.25) < 0.001)
    }

    @Test func filteredProductsNeverExceedTheCatalog() {
        #expect(ProductCache.filteredCount(cachedCount: 12, requested: 1) == 9)
        #expect(ProductCache.filteredCount(cachedCount: 5_000_000, requested: 3) == 7)
    }

    @Test func aFreshProcessSurvivesAboutSeventyMisses() {
        let misses = ProductCache.missesBeforeRestart()
        #expect(misses > 50 && misses < 90)
        let last = ProductCache.growthSequence(misses: misses).last ?? 0
        #expect(!ProductCache.exceedsLimit(cachedCount: last))
        #expect(ProductCache.exceedsLimit(cachedCount: ProductCache.countAfterMiss(last)))
    }

    @Test func splitMix64MatchesTheReferenceStream() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func deterministicLogAndExpAgreeWithTheCLibrary() {
        for x in [1e-9, 0.001, 0.3, 1, 1.5, 2, 10, 12345.678, 1e300] {
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 4 * Foundation.log(x).ulp.magnitude + 1e-300)
        }
        for x in [-700.0, -20, -1, -0.1, 0, 0.1, 1, 3.3, 20, 700] {
            let expected = Foundation.exp(x)
            #expect(abs(DeterministicMath.exp(x) - expected) <= 4 * expected.ulp)
        }
    }

    @Test func spanMetricsBucketsAreUpperInclusive() {
        #expect(SpanMetricsConnector.bucketIndex(forMs: 0.5) == 0)
        #expect(SpanMetricsConnector.bucketIndex(forMs: 2) == 0)
        #expect(SpanMetricsConnector.bucketIndex(forMs: 2.000001) == 1)
        #expect(SpanMetricsConnector.bucketIndex(forMs: 15000) == 15)
        #expect(SpanMetricsConnector.bucketIndex(forMs: 15001) == 16)
    }
}
