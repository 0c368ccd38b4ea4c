import CCurl
import Foundation
import Synchronization

/// An HTTP client on libcurl's multi interface: one thread drives every transfer, and
/// connections to a handler are kept alive and reused across deliveries.
///
/// Callers `await` ``send(_:)``; the request is handed to the curl thread through a mutex and
/// `curl_multi_wakeup`, and the continuation is resumed from that thread when the transfer ends.
public final class CurlHTTPClient: Sendable {
  public static let responsePrefixLimit = 1024

  private let multi: MultiHandle
  private let inbox = Inbox()
  private let stopped = DispatchSemaphore(value: 0)

  /// - Parameter maxConnectionsPerHost: also bounds concurrent requests to one host; more wait
  ///   in curl's queue.
  public init(maxConnectionsPerHost: Int = 64) {
    CurlGlobal.initialize()
    multi = MultiHandle(maxConnectionsPerHost: maxConnectionsPerHost)
    let thread = Thread { [multi, inbox, stopped] in
      // Foundation's `Thread.name` does not reach the kernel on Linux, and a thread inherits
      // its creator's name: without this, `top -H` and `perf` show the curl thread as one of
      // Swift's cooperative threads.
      _ = pthread_setname_np(pthread_self(), "hookgate-curl")
      Self.run(multi: multi, inbox: inbox)
      stopped.signal()
    }
    thread.start()
  }

  /// Finishes transfers in flight, then stops the curl thread.
  public func shutdown() {
    let alreadyStopping = inbox.state.withLock { state in
      defer { state.shuttingDown = true }
      return state.shuttingDown
    }
    guard !alreadyStopping else { return }
    curl_multi_wakeup(multi.pointer)
    stopped.wait()
  }

  /// Sends `request`. Cancelling the calling task aborts the transfer (a shutdown's drain
  /// bound must not wait for a handler's full timeout) and answers a `cancelled` failure.
  public func send(_ request: OutboundRequest) async -> Result<OutboundResponse, OutboundFailure> {
    let id = inbox.nextID()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let transfer = Transfer(id: id, request: request, continuation: continuation)
        // The curl thread takes every submitted transfer at once: only the first to join an
        // empty inbox needs to wake it.
        let admission: Admission = inbox.state.withLock { state in
          if state.shuttingDown { return .refused("client shut down") }
          if Task.isCancelled { return .refused("cancelled") }
          state.submitted.append(transfer)
          return state.submitted.count == 1 ? .wake : .queued
        }
        switch admission {
        case .refused(let reason):
          transfer.finish(
            .failure(OutboundFailure(kind: .other, message: reason, latency: .zero)))
        case .wake: curl_multi_wakeup(multi.pointer)
        case .queued: break
        }
      }
    } onCancel: {
      inbox.state.withLock { _ = $0.cancelled.insert(id) }
      curl_multi_wakeup(multi.pointer)
    }
  }

  /// The curl thread. `active` is owned by this function alone: a transfer belongs to this
  /// thread from the moment it leaves `submitted` until its continuation is resumed.
  private static func run(multi: MultiHandle, inbox: Inbox) {
    var active: [UnsafeMutableRawPointer: Transfer] = [:]
    while true {
      let (incoming, cancelled, shuttingDown) = inbox.state.withLock { state in
        defer {
          state.submitted.removeAll()
          state.cancelled.removeAll()
        }
        return (state.submitted, state.cancelled, state.shuttingDown)
      }
      for transfer in incoming {
        active[transfer.easy] = transfer
        curl_multi_add_handle(multi.pointer, transfer.easy)
      }
      // A cancelled id not found here had already finished.
      for (easy, transfer) in active where cancelled.contains(transfer.id) {
        active.removeValue(forKey: easy)
        curl_multi_remove_handle(multi.pointer, easy)
        transfer.finish(
          .failure(OutboundFailure(kind: .other, message: "cancelled", latency: .zero)))
      }
      if shuttingDown && active.isEmpty { return }

      var running: Int32 = 0
      curl_multi_perform(multi.pointer, &running)
      var remaining: Int32 = 0
      while let message = curl_multi_info_read(multi.pointer, &remaining) {
        guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
          let transfer = active.removeValue(forKey: easy)
        else { continue }
        let code = message.pointee.data.result
        curl_multi_remove_handle(multi.pointer, easy)
        transfer.complete(code: code)
      }
      curl_multi_poll(multi.pointer, nil, 0, 1000, nil)
    }
  }
}

private enum Admission {
  case refused(String)
  case wake
  case queued
}

/// Requests waiting to be picked up by the curl thread.
private final class Inbox: Sendable {
  struct State {
    var submitted: [Transfer] = []
    /// Ids of transfers whose callers were cancelled, for the curl thread to abort.
    var cancelled: Set<Int> = []
    var shuttingDown = false
    var lastID = 0
  }

  let state = Mutex(State())

  func nextID() -> Int {
    state.withLock { state in
      state.lastID &+= 1
      return state.lastID
    }
  }
}

/// Owns the `CURLM*`: created once per client, cleaned up when the client goes away.
private final class MultiHandle: Sendable {
  // The CURLM is only used by the curl thread, except `curl_multi_wakeup`, which libcurl
  // documents as callable from any thread.
  nonisolated(unsafe) let pointer: UnsafeMutableRawPointer

  init(maxConnectionsPerHost: Int) {
    pointer = curl_multi_init()
    hg_curl_multi_setopt_long(pointer, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
    hg_curl_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, maxConnectionsPerHost * 4)
  }

  deinit {
    curl_multi_cleanup(pointer)
  }
}

enum CurlGlobal {
  private static let initialized: Bool = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    return true
  }()

  static func initialize() {
    _ = initialized
  }
}
