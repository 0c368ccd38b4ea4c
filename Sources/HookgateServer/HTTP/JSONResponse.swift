import HookgateCore
import Hummingbird

enum JSONResponse {
  static func make(_ reply: IngressReply) -> Response {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let seconds = reply.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
    return Response(
      status: HTTPResponse.Status(code: reply.status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
  }

  /// 413, and the connection is closed rather than the rest of the body read.
  static func tooLarge(limit: Int) -> Response {
    var response = make(
      .error(413, reason: "body_too_large", message: "the body exceeds \(limit) bytes"))
    response.headers[.connection] = "close"
    return response
  }
}
