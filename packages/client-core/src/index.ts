export { CallMediaSession, type JoinInfo } from './call-media-session.ts';
export { CommandError, SignalingClient, type ConnectionState, type SignalingClientOptions } from './signaling-client.ts';
export { pickSendCodec, UnsupportedSendCodecError, type SendCodec } from './send-codec.ts';
export { describeMicrophoneError } from './microphone.ts';
export { signIn, SignInError } from './sign-in.ts';
