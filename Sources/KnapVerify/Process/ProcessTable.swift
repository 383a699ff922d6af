import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A read of `/proc`: which processes exist, and how they are related.
struct ProcessTable {
    struct Entry {
        var pid: pid_t
        var parent: pid_t
        var group: pid_t
        var session: pid_t
        /// `Z` for a zombie.
        var state: Character
    }

    var entries: [Entry]

    static func read() -> ProcessTable {
        var entries: [Entry] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in names {
            guard let pid = pid_t(name), let entry = entry(pid) else { continue }
            entries.append(entry)
        }
        return ProcessTable(entries: entries)
    }

    /// Parses `/proc/PID/stat`: `pid (comm) state ppid pgrp session …`; comm may hold spaces and parentheses.
    static func entry(_ pid: pid_t) -> Entry? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
              let text = String(data: data, encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 4, let state = fields[0].first,
              let parent = pid_t(fields[1]), let group = pid_t(fields[2]), let session = pid_t(fields[3]) else { return nil }
        return Entry(pid: pid, parent: parent, group: group, session: session, state: state)
    }

    /// This process's children, from `/proc/self/task/*/children` (every thread's), or from a
    /// full scan where the kernel does not offer that file.
    static func children() -> [pid_t] {
        let me = getpid()
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(me)/task"),
              FileManager.default.fileExists(atPath: "/proc/\(me)/task/\(me)/children") else {
            return read().entries.filter { $0.parent == me }.map(\.pid)
        }
        return threads.flatMap { thread in pid_t(thread).map { children(of: me, thread: $0) } ?? [] }
    }

    /// The children of one thread of `pid` (its main thread by default), from
    /// `/proc/PID/task/THREAD/children`; empty where the kernel has no such file.
    static func children(of pid: pid_t, thread: pid_t? = nil) -> [pid_t] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread ?? pid)/children", encoding: .utf8) else { return [] }
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The value of `HOME` in the process's environment, when it can be read.
    static func home(of pid: pid_t) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        for entry in data.split(separator: 0) where entry.starts(with: Array("HOME=".utf8)) {
            return String(decoding: entry.dropFirst(5), as: UTF8.self)
        }
        return nil
    }
}
