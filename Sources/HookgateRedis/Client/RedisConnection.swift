import CHiredis

#if canImport(Glibc)
  import Glibc
#endif

/// One blocking hiredis connection. The only place hookgate touches hiredis's C API.
///
/// The `redisContext` is created in `init` and freed in `deinit`; nothing else keeps the
/// pointer. After a connection-level error hiredis's context is unusable, so `isBroken`
/// becomes true and the pool drops this connection instead of reusing it.
///
/// `@unchecked Sendable`: hiredis contexts are not thread-safe, and this class has no lock.
/// It is safe because only ``RedisClient``'s idle list and ``RedisClusterRouter``'s per-node
/// idle lists hand connections out, one borrower at a time, and the borrower returns it before
/// anyone else can take it; the handoff goes through their mutex, which orders the memory
/// accesses of successive borrowers.
final class RedisConnection: @unchecked Sendable {
  private let context: UnsafeMutablePointer<redisContext>
  private(set) var isBroken = false

  init(url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) {
    guard let context = redisConnectWithTimeout(url.host, Int32(url.port), timeval(connectTimeout))
    else {
      throw .connection("cannot allocate a redis context")
    }
    if context.pointee.err != 0 {
      let message = Self.errorString(context)
      redisFree(context)
      throw .connection("connect to \(url.host):\(url.port): \(message)")
    }
    self.context = context
    redisSetTimeout(context, timeval(commandTimeout))
    redisEnableKeepAlive(context)
    if let password = url.password {
      var auth: RedisCommand = ["AUTH"]
      if let username = url.username { auth.append(username) }
      auth.append(password)
      if case .error(let message) = try send(auth) { throw .server(message) }
    }
    if url.database != 0, case .error(let message) = try send(["SELECT", String(url.database)]) {
      throw .server(message)
    }
  }

  deinit {
    redisFree(context)
  }

  func send(_ command: RedisCommand) throws(RedisError) -> RedisValue {
    try pipeline([command])[0]
  }

  /// Writes every command, then reads every reply: one round trip for the lot.
  func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisValue] {
    guard !isBroken else { throw .connection("connection already failed") }
    for command in commands {
      let status = Self.withArgv(command.arguments) { count, argv, lengths in
        redisAppendCommandArgv(context, count, argv, lengths)
      }
      guard status == REDIS_OK else { throw brokenError() }
    }
    var replies: [RedisValue] = []
    replies.reserveCapacity(commands.count)
    for _ in commands {
      var raw: UnsafeMutableRawPointer?
      guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw brokenError() }
      let reply = raw.assumingMemoryBound(to: redisReply.self)
      replies.append(Self.value(of: reply))
      freeReplyObject(raw)
    }
    return replies
  }

  private func brokenError() -> RedisError {
    isBroken = true
    return .connection(Self.errorString(context))
  }

  private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
    withUnsafeBytes(of: context.pointee.errstr) { raw in
      String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
  }

  private static func value(of reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
    let node = reply.pointee
    switch Int32(node.type) {
    case REDIS_REPLY_STRING:
      return .bulk(Array(UnsafeRawBufferPointer(start: node.str, count: node.len)))
    case REDIS_REPLY_STATUS:
      return .status(
        String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self))
    case REDIS_REPLY_ERROR:
      return .error(
        String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self))
    case REDIS_REPLY_INTEGER:
      return .integer(Int64(node.integer))
    case REDIS_REPLY_ARRAY:
      return .array((0..<node.elements).map { value(of: node.element[$0]!) })
    default:
      return .null
    }
  }

  /// Lends hiredis the argv/argvlen arrays it wants. The arguments are laid out in one
  /// buffer that lives for the duration of the call only; hiredis copies them before returning.
  private static func withArgv<R>(
    _ arguments: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
  ) -> R {
    let lengths = arguments.map(\.count)
    // One copy per argument (a memcpy each): `Array(arguments.joined())` copied byte by byte.
    var storage: [UInt8] = []
    storage.reserveCapacity(lengths.reduce(1, +))
    for argument in arguments { storage.append(contentsOf: argument) }
    storage.append(0)
    return storage.withUnsafeBufferPointer { buffer in
      let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
      var pointers: [UnsafePointer<CChar>?] = []
      pointers.reserveCapacity(arguments.count)
      var offset = 0
      for length in lengths {
        pointers.append(base + offset)
        offset += length
      }
      return pointers.withUnsafeMutableBufferPointer { argv in
        lengths.withUnsafeBufferPointer {
          body(Int32(arguments.count), argv.baseAddress!, $0.baseAddress!)
        }
      }
    }
  }
}

private func timeval(_ duration: Duration) -> timeval {
  let microseconds =
    duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
  return Glibc.timeval(
    tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
}
