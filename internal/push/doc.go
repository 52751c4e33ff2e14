// Package push builds, signs, encrypts and delivers WeChat's XML event pushes
// to the receiver URL an app has configured, retries them the way WeChat does
// and keeps a bounded log of what was sent for the admin API and for tests.
//
// The wire format follows WeChat's message-push documentation and the
// receivers that verify it: the signature check of silenceper/wechat
// (officialaccount/server), its AES code (util/crypto.go), wechatpy's
// crypto package and Tencent's WXBizMsgCrypt samples. Nothing here knows the
// simulator's state: the caller builds a Message, chooses a Target and sets
// CreateTime from the virtual clock, so a seeded run pushes the same bytes.
//
// Delivery is asynchronous because a receiver is somebody else's program:
// a slow or dead one must never block an API call of the simulator. Flush
// lets tests and the clock advance wait for the outcome.
package push
