import CCurl
import Foundation
import HookgateCore

/// One request's curl easy handle and everything curl writes into while it runs.
///
/// `@unchecked Sendable`: created by the caller of `send`, then handed over exactly once, via
/// the client's mutex, to the curl thread; from then on only that thread touches it (curl runs
/// the write and header callbacks inside `curl_multi_perform` on that thread), until
/// `complete` resumes the continuation and the transfer is dropped.
final class Transfer: @unchecked Sendable {
  /// The client's name for it, so a cancelled caller can point at it from another thread.
  let id: Int
  let easy: UnsafeMutableRawPointer
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private var continuation: CheckedContinuation<Result<OutboundResponse, OutboundFailure>, Never>?
  private let started = ContinuousClock.now
  fileprivate var bodyPrefix: [UInt8] = []
  fileprivate var retryAfter: String?

  init(
    id: Int, request: OutboundRequest,
    continuation: CheckedContinuation<Result<OutboundResponse, OutboundFailure>, Never>
  ) {
    self.id = id
    easy = curl_easy_init()
    self.continuation = continuation
    for (name, value) in request.headers {
      headerList = curl_slist_append(headerList, "\(name): \(value)")
    }
    // Without this curl sends `Expect: 100-continue` for bodies over 1 KiB and waits for
    // an answer many servers never give.
    headerList = curl_slist_append(headerList, "Expect:")

    hg_curl_easy_setopt_string(easy, CURLOPT_URL, request.url)
    hg_curl_easy_setopt_long(easy, CURLOPT_POST, 1)
    if request.method != "POST" {
      hg_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
    }
    hg_curl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE_LARGE, request.body.count)
    // COPYPOSTFIELDS: curl keeps its own copy, so the body need not outlive this call.
    if request.body.isEmpty {
      hg_curl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
    } else {
      request.body.withUnsafeBytes { body in
        _ = hg_curl_easy_setopt_pointer(
          easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress!))
      }
    }
    hg_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
    hg_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(request.timeout.milliseconds))
    hg_curl_easy_setopt_long(
      easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout.milliseconds))
    hg_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
    hg_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
    hg_curl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
    let context = Unmanaged.passUnretained(self).toOpaque()
    hg_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
    hg_curl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, transferWriteBody)
    hg_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
    hg_curl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, transferWriteHeader)
  }

  deinit {
    curl_easy_cleanup(easy)
    curl_slist_free_all(headerList)
  }

  func complete(code: CURLcode) {
    let latency = ContinuousClock.now - started
    guard code == CURLE_OK else {
      let message = String(cString: curl_easy_strerror(code))
      let kind: OutboundFailure.Kind
      switch code {
      case CURLE_OPERATION_TIMEDOUT: kind = .timeout
      case CURLE_COULDNT_CONNECT: kind = .connectionRefused
      case CURLE_COULDNT_RESOLVE_HOST: kind = .dns
      default: kind = .other
      }
      finish(.failure(OutboundFailure(kind: kind, message: message, latency: latency)))
      return
    }
    var status = 0
    hg_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
    finish(
      .success(
        OutboundResponse(
          status: status, retryAfter: retryAfter, bodyPrefix: bodyPrefix, latency: latency)))
  }

  func finish(_ result: Result<OutboundResponse, OutboundFailure>) {
    continuation?.resume(returning: result)
    continuation = nil
  }
}

private func transferWriteBody(
  data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, context: UnsafeMutableRawPointer?
) -> Int {
  let length = size * count
  guard let data, let context else { return length }
  let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
  let room = CurlHTTPClient.responsePrefixLimit - transfer.bodyPrefix.count
  if room > 0 {
    transfer.bodyPrefix.append(
      contentsOf: UnsafeRawBufferPointer(start: data, count: min(room, length)))
  }
  return length
}

private func transferWriteHeader(
  data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, context: UnsafeMutableRawPointer?
) -> Int {
  let length = size * count
  guard let data, let context else { return length }
  // Called for every header line of every response: only the one header hookgate reads
  // becomes a string.
  let line = UnsafeRawBufferPointer(start: data, count: length)
  guard line.count > retryAfterName.count,
    zip(line, retryAfterName).allSatisfy({ byte, expected in
      (0x41...0x5A).contains(byte) ? byte | 0x20 == expected : byte == expected
    })
  else { return length }
  let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
  transfer.retryAfter = String(decoding: line.dropFirst(retryAfterName.count), as: UTF8.self)
    .trimmingCharacters(in: .whitespacesAndNewlines)
  return length
}

/// The header's name as it starts a header line, lowercased.
private let retryAfterName = Array("retry-after:".utf8)
