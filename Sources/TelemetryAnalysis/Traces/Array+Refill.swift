import Vocabulary

extension Array {
    /// `count` copies of `value`, keeping the storage: the array is cut or grown to `count` and
    /// overwritten in place. The buffers of the trees and parents built one trace after another
    /// (`TraceTree.Scratch`, `TraceParents.Scratch`) are refilled this way for each trace;
    /// emptying one and appending a repeated element went through the generic range replacement
    /// each time, a tenth of the slow-trace breakdown's time for its tens of thousands of small
    /// trees (issue 7). Grown as appending grows (`reserveForAppending`): reserved exactly, the
    /// storage was copied at every trace larger than all before it.
    @inline(__always)
    mutating func refill(with value: Element, count: Int) {
        if self.count > count {
            removeLast(self.count - count)
        } else if self.count < count {
            reserveForAppending(count - self.count)
            for _ in self.count..<count { append(value) }
        }
        withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }
}
