import Foundation
import Hummingbird

/// The dashboard and the OpenAPI document, read once at startup from the module's resources
/// (`Resources/admin`), so a missing file stops startup instead of failing a page later.
public struct AdminAssets: Sendable {
  static let names = ["index.html", "dashboard.js", "dashboard.css", "openapi.yaml"]

  let files: [String: [UInt8]]

  /// SwiftPM puts the resources in this directory next to the executable.
  static let bundleName = "hookgate_HookgateServer.resources"

  /// Looked up by hand rather than through `Bundle.module`, whose accessor kills the process
  /// when the bundle is missing (e.g. a binary copied without it): this is a startup error.
  static func load() throws(StartupError) -> AdminAssets {
    let directory = Bundle.main.bundleURL.appendingPathComponent(bundleName)
      .appendingPathComponent("admin")
    guard FileManager.default.fileExists(atPath: directory.path) else {
      throw StartupError(
        description: "the admin assets are missing: install \(bundleName) next to the hookgate "
          + "binary (expected \(directory.path))")
    }
    var files: [String: [UInt8]] = [:]
    for name in names {
      guard
        let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
      else { throw StartupError(description: "the admin asset \(name) is missing") }
      files[name] = Array(data)
    }
    return AdminAssets(files: files)
  }

  /// The OpenAPI document's text, for tests that check it against ``AdminRoutes/routes``.
  public static func openAPIDocument() throws -> String {
    String(decoding: try load().files["openapi.yaml"] ?? [], as: UTF8.self)
  }

  func response(_ name: String) -> Response {
    let type: String
    switch name.split(separator: ".").last {
    case "html": type = "text/html; charset=utf-8"
    case "js": type = "text/javascript; charset=utf-8"
    case "css": type = "text/css; charset=utf-8"
    default: type = "application/yaml"
    }
    var headers: HTTPFields = [.contentType: type, .cacheControl: "no-cache"]
    // The page runs only its own script and talks only to this listener.
    headers[.contentSecurityPolicy] =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    return Response(
      status: .ok,
      headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: files[name] ?? [])))
  }
}
