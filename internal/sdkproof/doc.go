// Package sdkproof holds no code: its test proves that an unmodified
// WeChat SDK, silenceper/wechat, reaches wxmock through the proxy with
// nothing but HTTPS_PROXY and SSL_CERT_FILE in its environment.
package sdkproof
