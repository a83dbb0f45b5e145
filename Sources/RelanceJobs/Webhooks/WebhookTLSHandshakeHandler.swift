import NIOCore
import NIOTLS

/// Sits right after `NIOSSLClientHandler` and completes `promise` when the TLS handshake
/// does: succeeded on `handshakeCompleted`, failed with the first error (an untrusted
/// certificate, a name that does not match) or when the channel closes first. The client
/// waits for it before writing the request, so a TLS failure is reported as one rather than
/// as a write on a closed channel.
final class WebhookTLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private var done = false

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            complete(.success(()))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(WebhookDeliveryError.tls("the connection closed during the handshake")))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete(.failure(WebhookDeliveryError.tls("the connection closed during the handshake")))
    }

    private func complete(_ result: Result<Void, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}
