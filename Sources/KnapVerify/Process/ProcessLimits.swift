import Foundation

/// What one snippet run may use. `nil` leaves a limit alone.
public struct ProcessLimits: Sendable, Hashable {
    /// Wall-clock time before SIGTERM, then SIGKILL, to everything the snippet started.
    public var timeout: Double
    /// Time between SIGTERM and SIGKILL.
    public var killGrace: Double = 1
    /// CPU seconds (RLIMIT_CPU), per process.
    public var cpuSeconds: Int?
    /// Address space (RLIMIT_AS), per process.
    public var memoryBytes: Int?
    /// Largest file a process may write (RLIMIT_FSIZE).
    public var fileSizeBytes: Int?
    /// Processes and threads the snippet may have at once. Enforced with a pids cgroup where
    /// one can be created, and otherwise with RLIMIT_NPROC above the user's current count.
    public var processes: Int?
    /// Bytes kept of stdout and of stderr each; the rest is read and dropped.
    public var outputCap: Int = 1 << 20
    /// Whether a pids cgroup may be used (where one can be created); false forces RLIMIT_NPROC and
    /// finding escaped processes through `/proc`.
    public var useCgroup = true

    public init(timeout: Double, cpuSeconds: Int? = nil, memoryBytes: Int? = nil, fileSizeBytes: Int? = nil,
                processes: Int? = nil, outputCap: Int = 1 << 20) {
        self.timeout = timeout
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.processes = processes
        self.outputCap = outputCap
    }

    /// The limits for a snippet run: CPU time for all cores busy until the timeout (so a parallel
    /// program is not cut short, but a runaway one still is), 2 GiB of address space, 64 MiB files,
    /// 256 tasks.
    public static func snippet(timeout: Double) -> ProcessLimits {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return ProcessLimits(timeout: timeout, cpuSeconds: Int(timeout.rounded(.up)) * cores + 2, memoryBytes: 2 << 30,
                             fileSizeBytes: 64 << 20, processes: 256)
    }

    /// The limits for a compiler: only a timeout and the output cap, since compilers need threads and memory.
    public static func compiler(timeout: Double) -> ProcessLimits {
        ProcessLimits(timeout: timeout)
    }
}
