/// A layered ("Sugiyama") layout of a directed graph, for the service map: nodes in columns so
/// that edges run left to right where they can, ordered within each column to cross little.
///
/// The steps, each the simple textbook version (Sugiyama, Tagawa and Toda 1981; Gansner et al.,
/// "A Technique for Drawing Directed Graphs", 1993, the method behind Graphviz's `dot`):
/// 1. **Cycles**: a depth-first search from each node in index order; an edge that reaches a
///    node still on the stack is a back edge and is ignored for layering (it is drawn as is).
/// 2. **Layers**: longest path — a node's layer is one more than the largest layer of the nodes
///    with an edge into it (sources in layer 0), in topological order.
/// 3. **Order**: within each layer, start in index order (the caller's order: by name), then
///    eight sweeps of the barycentre heuristic — alternately down (each node at the mean position
///    of its neighbours in the layer before) and up (the layer after) — keeping the order with the
///    fewest crossings between adjacent layers. Nodes without neighbours there keep their place;
///    ties keep the earlier order, so the result is deterministic.
/// Edges spanning several layers get no dummy nodes (their curves may pass near nodes): at the
/// sizes a service map has (up to 50 nodes) this keeps the drawing simple and readable.
public struct LayeredLayout: Sendable {
    /// Node indexes of each layer, in drawing order.
    public private(set) var layers: [[Int]]
    /// The layer of each node.
    public private(set) var layerOf: [Int]
    /// The position of each node within its layer.
    public private(set) var orderOf: [Int]

    public init(nodeCount n: Int, edges: [(from: Int, to: Int)]) {
        var out = [[Int]](repeating: [], count: n)
        for e in edges where e.from != e.to && (0..<n).contains(e.from) && (0..<n).contains(e.to) {
            if !out[e.from].contains(e.to) { out[e.from].append(e.to) }
        }
        for i in 0..<n { out[i].sort() }
        // 1. Back edges by iterative depth-first search.
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var forward = [[Int]](repeating: [], count: n)
        for root in 0..<n where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < out[top.node].count {
                    stack[stack.count - 1].next += 1
                    let v = out[top.node][top.next]
                    if state[v] == 1 { continue }  // back edge
                    forward[top.node].append(v)
                    if state[v] == 0 {
                        state[v] = 1
                        stack.append((v, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        // 2. Longest-path layers over the forward edges (Kahn's order, smallest index first).
        var indegree = [Int](repeating: 0, count: n)
        for u in 0..<n { for v in forward[u] { indegree[v] += 1 } }
        var layer = [Int](repeating: 0, count: n)
        var ready = (0..<n).filter { indegree[$0] == 0 }
        var k = 0
        while k < ready.count {
            let u = ready[k]
            k += 1
            for v in forward[u] {
                layer[v] = max(layer[v], layer[u] + 1)
                indegree[v] -= 1
                if indegree[v] == 0 { ready.append(v) }
            }
        }
        let layerCount = (layer.max() ?? -1) + 1
        var layers = [[Int]](repeating: [], count: layerCount)
        for i in 0..<n { layers[layer[i]].append(i) }
        // 3. Barycentre sweeps between adjacent layers, over all edges (either direction).
        var adjacent = [Set<Int>](repeating: [], count: n)
        for u in 0..<n {
            for v in out[u] {
                adjacent[u].insert(v)
                adjacent[v].insert(u)
            }
        }
        func positions(_ layers: [[Int]]) -> [Int] {
            var p = [Int](repeating: 0, count: n)
            for l in layers { for (i, v) in l.enumerated() { p[v] = i } }
            return p
        }
        func crossings(_ layers: [[Int]]) -> Int {
            let p = positions(layers)
            var total = 0
            for l in layers.indices.dropLast() {
                var pairs: [(Int, Int)] = []
                for u in layers[l] { for v in adjacent[u] where layer[v] == l + 1 { pairs.append((p[u], p[v])) } }
                for i in pairs.indices {
                    for j in pairs.indices where j > i {
                        if (pairs[i].0 - pairs[j].0) * (pairs[i].1 - pairs[j].1) < 0 { total += 1 }
                    }
                }
            }
            return total
        }
        var best = layers, bestCrossings = crossings(layers)
        for sweep in 0..<8 where bestCrossings > 0 {
            let down = sweep % 2 == 0
            let order = down ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
            for l in order {
                let reference = down ? l - 1 : l + 1
                let p = positions(layers)
                let keyed = layers[l].enumerated().map { i, v -> (Double, Int, Int) in
                    let neighbours = adjacent[v].filter { layer[$0] == reference }
                    let centre = neighbours.isEmpty ? Double(i) : Double(neighbours.reduce(0) { $0 + p[$1] }) / Double(neighbours.count)
                    return (centre, i, v)
                }
                layers[l] = keyed.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.2)
            }
            let c = crossings(layers)
            if c < bestCrossings {
                best = layers
                bestCrossings = c
            }
        }
        self.layers = best
        self.layerOf = layer
        self.orderOf = positions(best)
    }

    /// Crossings between edges of adjacent layers in this layout (for tests and the caption).
    public static func crossingCount(_ layout: LayeredLayout, edges: [(from: Int, to: Int)]) -> Int {
        var pairs: [[(Int, Int)]] = Array(repeating: [], count: max(layout.layers.count - 1, 0))
        for e in edges {
            let (a, b) = layout.layerOf[e.from] < layout.layerOf[e.to] ? (e.from, e.to) : (e.to, e.from)
            guard layout.layerOf[b] == layout.layerOf[a] + 1 else { continue }
            pairs[layout.layerOf[a]].append((layout.orderOf[a], layout.orderOf[b]))
        }
        var total = 0
        for list in pairs {
            for i in list.indices {
                for j in list.indices where j > i && (list[i].0 - list[j].0) * (list[i].1 - list[j].1) < 0 { total += 1 }
            }
        }
        return total
    }
}
