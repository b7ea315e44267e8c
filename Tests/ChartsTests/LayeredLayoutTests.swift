import Testing

@testable import Charts

/// The service map's layered layout: layers by longest path, cycles survived, crossings removed
/// where the barycentre heuristic can.
@Suite struct LayeredLayoutTests {
    @Test func aChainTakesOneLayerPerNode() {
        let layout = LayeredLayout(nodeCount: 3, edges: [(0, 1), (1, 2)])
        #expect(layout.layerOf == [0, 1, 2])
        #expect(layout.layers == [[0], [1], [2]])
    }

    @Test func aNodeSitsOneLayerAfterItsDeepestCaller() {
        // 0 → 1 → 2 and 0 → 2: node 2 goes after 1 (longest path), not beside it.
        let layout = LayeredLayout(nodeCount: 3, edges: [(0, 2), (0, 1), (1, 2)])
        #expect(layout.layerOf == [0, 1, 2])
    }

    @Test func aCycleIsBrokenAtItsBackEdge() {
        // 0 → 1 → 2 → 0: the search from 0 meets 0 again on 2 → 0, which is ignored for layering.
        let layout = LayeredLayout(nodeCount: 3, edges: [(0, 1), (1, 2), (2, 0), (1, 1)])
        #expect(layout.layerOf == [0, 1, 2])
    }

    @Test func barycentreSweepsUncrossTwoEdges() {
        // Layer 0: nodes 0, 1; layer 1: nodes 2, 3 with 0 → 3 and 1 → 2: one crossing in index
        // order, none once 3 moves above 2.
        let edges: [(from: Int, to: Int)] = [(0, 3), (1, 2)]
        let layout = LayeredLayout(nodeCount: 4, edges: edges)
        #expect(layout.layerOf == [0, 0, 1, 1])
        #expect(LayeredLayout.crossingCount(layout, edges: edges) == 0)
        #expect(layout.layers[1] == [3, 2] || layout.layers[0] == [1, 0])
    }

    @Test func isolatedNodesAndAnEmptyGraphAreLaidOut() {
        #expect(LayeredLayout(nodeCount: 0, edges: []).layers.isEmpty)
        let layout = LayeredLayout(nodeCount: 2, edges: [])
        #expect(layout.layers == [[0, 1]])
    }
}
