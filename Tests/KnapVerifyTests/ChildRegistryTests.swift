import Foundation
import Testing
@testable import KnapVerify
#if canImport(Glibc)
import Glibc
#endif

extension ProcessTests {
/// Reaping orphans must never take the exit status of a child that other code in Knap's process
/// started and will wait for itself.
@Suite struct ChildRegistryTests {
    @Test func strayReapingLeavesChildrenOfKnapsOwnSession() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup("exit 7"), nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        try #require(spawned == 0)
        // Wait (by its state, not by time) until the child has ended and is a zombie.
        var polls = 0
        while ProcessTable.entry(pid)?.state != "Z", polls < 100_000 {
            polls += 1
            sched_yield()
        }
        try #require(ProcessTable.entry(pid)?.state == "Z")
        #expect(ProcessTable.entry(pid)?.session == getsid(0))

        ChildRegistry.reapStrays()

        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid, "the stray reaper took a child of Knap's own session")
        #expect((status >> 8) & 0xff == 7)
    }
}
}
