import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose next request head has not fully arrived within `timeout` of the
/// connection opening or of the previous response, so a client trickling headers (slowloris)
/// or idling on a keep-alive connection cannot hold a socket for long. Body reads are bounded
/// by the server's idle timeout instead.
final class RequestHeadTimeout: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  private let timeout: TimeAmount
  /// When the connection is closed unless a request head arrives first; nil while a request
  /// is being read or answered.
  private var deadline: NIODeadline?
  /// The connection's one timer. Each request moves `deadline` and leaves the timer alone:
  /// when it fires early it is scheduled again for the current deadline. Scheduling and
  /// cancelling a task for every request cost about 1.5 % of the gateway's CPU under load.
  private var timer: Scheduled<Void>?

  init(timeout: TimeAmount) {
    self.timeout = timeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { arm(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    arm(context)
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .head = unwrapInboundIn(data) { deadline = nil }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data) { arm(context) }
    context.write(data, promise: promise)
  }

  func channelInactive(context: ChannelHandlerContext) {
    stop()
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    stop()
  }

  private func arm(_ context: ChannelHandlerContext) {
    let deadline = NIODeadline.now() + timeout
    self.deadline = deadline
    if timer == nil { schedule(context, at: deadline) }
  }

  private func schedule(_ context: ChannelHandlerContext, at time: NIODeadline) {
    timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: time) { [self] in
      timer = nil
      guard let deadline else { return }  // a request is in progress: nothing to time
      if deadline <= .now() {
        context.close(promise: nil)
      } else {
        schedule(context, at: deadline)
      }
    }
  }

  private func stop() {
    deadline = nil
    timer?.cancel()
    timer = nil
  }
}
