import CCurl
import COpenSSL
import Dispatch
import Foundation
import HookgateCore

/// One GET of a PayPal certificate URL with libcurl: https only, no redirects, a short
/// timeout and a size cap, the server's own TLS certificate verified (against the system CAs
/// and the extra CA file, if any).
///
/// Certificate fetches are rare (each URL is cached for up to an hour), so this uses
/// `curl_easy_perform` on a Dispatch worker rather than the delivery client's multi loop,
/// which is tuned for POSTs to handlers; the async caller does not block a Swift concurrency
/// thread.
struct CertificateDownload: Sendable {
  var timeout: Duration
  var sizeLimit: Int
  var extraCAFile: String?

  func get(_ url: String) async -> Result<[UInt8], CertificateFailure> {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: perform(url))
      }
    }
  }

  private func perform(_ url: String) -> Result<[UInt8], CertificateFailure> {
    guard url.lowercased().hasPrefix("https://") else {
      return .failure(.unavailable("only https URLs are fetched"))
    }
    CurlGlobal.initialize()
    guard let easy = curl_easy_init() else {
      return .failure(.unavailable("cannot start a download"))
    }
    defer { curl_easy_cleanup(easy) }
    let sink = DownloadSink(limit: sizeLimit)
    let milliseconds = Int(timeout.milliseconds)

    hg_curl_easy_setopt_string(easy, CURLOPT_URL, url)
    hg_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "https")
    hg_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
    hg_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
    hg_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, milliseconds)
    hg_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
    hg_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
    hg_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
    hg_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
    if let extraCAFile {
      // CAINFO replaces curl's default bundle; CAPATH keeps the system's hashed CA folder,
      // so the extra file adds to the system CAs instead of replacing them.
      hg_curl_easy_setopt_string(easy, CURLOPT_CAINFO, extraCAFile)
      hg_curl_easy_setopt_string(
        easy, CURLOPT_CAPATH, String(cString: X509_get_default_cert_dir()))
    }
    let context = Unmanaged.passUnretained(sink).toOpaque()
    hg_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
    hg_curl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, downloadWrite)

    let code = withExtendedLifetime(sink) { curl_easy_perform(easy) }
    if sink.overflowed {
      return .failure(.unavailable("the certificate is larger than \(sizeLimit) bytes"))
    }
    guard code == CURLE_OK else { return .failure(.unavailable(Self.describe(code))) }
    var status = 0
    hg_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
    guard status == 200 else {
      return .failure(.unavailable("the certificate URL answered HTTP \(status)"))
    }
    return .success(sink.bytes)
  }

  /// Fixed phrases: the reason reaches the sender, so no remote text goes into it.
  private static func describe(_ code: CURLcode) -> String {
    switch code {
    case CURLE_OPERATION_TIMEDOUT: return "the certificate URL timed out"
    case CURLE_COULDNT_RESOLVE_HOST: return "the certificate host does not resolve"
    case CURLE_COULDNT_CONNECT: return "the certificate host refused the connection"
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
      return "the certificate host's TLS certificate is not trusted"
    case CURLE_UNSUPPORTED_PROTOCOL: return "only https URLs are fetched"
    default: return "the certificate could not be downloaded (curl error \(code.rawValue))"
    }
  }
}

/// The body of one download, capped. Touched only by the thread running `curl_easy_perform`
/// (curl calls the write callback inside it), and read by that same thread afterwards.
private final class DownloadSink {
  let limit: Int
  var bytes: [UInt8] = []
  var overflowed = false

  init(limit: Int) {
    self.limit = limit
  }
}

private func downloadWrite(
  data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, context: UnsafeMutableRawPointer?
) -> Int {
  let length = size * count
  guard let data, let context else { return length }
  let sink = Unmanaged<DownloadSink>.fromOpaque(context).takeUnretainedValue()
  guard sink.bytes.count + length <= sink.limit else {
    sink.overflowed = true
    return 0  // anything but `length` makes curl abort the transfer
  }
  sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
  return length
}
