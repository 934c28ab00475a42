/**
 * The Amazon Connect Participant Service as its service model states it (botocore
 * connectparticipant/2018-09-07, rest-json): each operation's HTTP method, URI and modelled
 * errors, and every shape its request reaches, in the model's own notation (members carried in a
 * header or the path say so). `test/simulator-participant-model.test.ts` compares these tables with
 * the official model file. Written from the model, not from the gateway: the simulator is a second
 * opinion.
 */
import type { Shape } from './model.js';

/** The Participant Service operations the simulator serves. */
export type ParticipantOperation =
  | 'CancelParticipantAuthentication'
  | 'CompleteAttachmentUpload'
  | 'CreateParticipantConnection'
  | 'DescribeView'
  | 'DisconnectParticipant'
  | 'GetAttachment'
  | 'GetAuthenticationUrl'
  | 'GetTranscript'
  | 'SendEvent'
  | 'SendMessage'
  | 'StartAttachmentUpload';

/** Where an operation is served, the request shape it reads and the errors it may answer. */
export interface ParticipantOperationSpec {
  readonly method: 'GET' | 'POST';
  readonly requestUri: string;
  readonly input: string;
  readonly errors: readonly string[];
}

const COMMON_ERRORS = [
  'AccessDeniedException',
  'InternalServerException',
  'ThrottlingException',
  'ValidationException',
];

export const PARTICIPANT_OPERATIONS: Record<ParticipantOperation, ParticipantOperationSpec> = {
  CancelParticipantAuthentication: {
    method: 'POST',
    requestUri: '/participant/cancel-authentication',
    input: 'CancelParticipantAuthenticationRequest',
    errors: COMMON_ERRORS,
  },
  CompleteAttachmentUpload: {
    method: 'POST',
    requestUri: '/participant/complete-attachment-upload',
    input: 'CompleteAttachmentUploadRequest',
    errors: [...COMMON_ERRORS, 'ServiceQuotaExceededException', 'ConflictException'],
  },
  CreateParticipantConnection: {
    method: 'POST',
    requestUri: '/participant/connection',
    input: 'CreateParticipantConnectionRequest',
    errors: COMMON_ERRORS,
  },
  DescribeView: {
    method: 'GET',
    requestUri: '/participant/views/{ViewToken}',
    input: 'DescribeViewRequest',
    errors: [
      'AccessDeniedException',
      'InternalServerException',
      'ThrottlingException',
      'ResourceNotFoundException',
      'ValidationException',
    ],
  },
  DisconnectParticipant: {
    method: 'POST',
    requestUri: '/participant/disconnect',
    input: 'DisconnectParticipantRequest',
    errors: COMMON_ERRORS,
  },
  GetAttachment: {
    method: 'POST',
    requestUri: '/participant/attachment',
    input: 'GetAttachmentRequest',
    errors: COMMON_ERRORS,
  },
  GetAuthenticationUrl: {
    method: 'POST',
    requestUri: '/participant/authentication-url',
    input: 'GetAuthenticationUrlRequest',
    errors: COMMON_ERRORS,
  },
  GetTranscript: {
    method: 'POST',
    requestUri: '/participant/transcript',
    input: 'GetTranscriptRequest',
    errors: COMMON_ERRORS,
  },
  SendEvent: {
    method: 'POST',
    requestUri: '/participant/event',
    input: 'SendEventRequest',
    errors: [...COMMON_ERRORS, 'ConflictException'],
  },
  SendMessage: {
    method: 'POST',
    requestUri: '/participant/message',
    input: 'SendMessageRequest',
    errors: COMMON_ERRORS,
  },
  StartAttachmentUpload: {
    method: 'POST',
    requestUri: '/participant/start-attachment-upload',
    input: 'StartAttachmentUploadRequest',
    errors: [...COMMON_ERRORS, 'ServiceQuotaExceededException'],
  },
};

/** The HTTP status of each Participant Service error, from the model's `error.httpStatusCode`. */
export const PARTICIPANT_ERROR_STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

const bearer = { shape: 'ParticipantToken', location: 'header', locationName: 'X-Amz-Bearer' } as const;

/** Every shape the eleven request shapes reach. */
export const PARTICIPANT_SHAPES: Record<string, Shape> = {
  CancelParticipantAuthenticationRequest: {
    type: 'structure',
    required: ['SessionId', 'ConnectionToken'],
    members: { SessionId: { shape: 'SessionId' }, ConnectionToken: bearer },
  },
  CompleteAttachmentUploadRequest: {
    type: 'structure',
    required: ['AttachmentIds', 'ClientToken', 'ConnectionToken'],
    members: {
      AttachmentIds: { shape: 'AttachmentIdList' },
      ClientToken: { shape: 'NonEmptyClientToken' },
      ConnectionToken: bearer,
    },
  },
  CreateParticipantConnectionRequest: {
    type: 'structure',
    required: ['ParticipantToken'],
    members: {
      Type: { shape: 'ConnectionTypeList' },
      ParticipantToken: bearer,
      ConnectParticipant: { shape: 'Bool' },
    },
  },
  DescribeViewRequest: {
    type: 'structure',
    required: ['ViewToken', 'ConnectionToken'],
    members: {
      ViewToken: { shape: 'ViewToken', location: 'uri', locationName: 'ViewToken' },
      ConnectionToken: bearer,
    },
  },
  DisconnectParticipantRequest: {
    type: 'structure',
    required: ['ConnectionToken'],
    members: { ClientToken: { shape: 'ClientToken' }, ConnectionToken: bearer },
  },
  GetAttachmentRequest: {
    type: 'structure',
    required: ['AttachmentId', 'ConnectionToken'],
    members: {
      AttachmentId: { shape: 'ArtifactId' },
      ConnectionToken: bearer,
      UrlExpiryInSeconds: { shape: 'URLExpiryInSeconds' },
    },
  },
  GetAuthenticationUrlRequest: {
    type: 'structure',
    required: ['SessionId', 'RedirectUri', 'ConnectionToken'],
    members: { SessionId: { shape: 'SessionId' }, RedirectUri: { shape: 'RedirectURI' }, ConnectionToken: bearer },
  },
  GetTranscriptRequest: {
    type: 'structure',
    required: ['ConnectionToken'],
    members: {
      ContactId: { shape: 'ContactId' },
      MaxResults: { shape: 'MaxResults' },
      NextToken: { shape: 'NextToken' },
      ScanDirection: { shape: 'ScanDirection' },
      SortOrder: { shape: 'SortKey' },
      StartPosition: { shape: 'StartPosition' },
      ConnectionToken: bearer,
    },
  },
  SendEventRequest: {
    type: 'structure',
    required: ['ContentType', 'ConnectionToken'],
    members: {
      ContentType: { shape: 'ChatContentType' },
      Content: { shape: 'ChatContent' },
      ClientToken: { shape: 'ClientToken' },
      ConnectionToken: bearer,
    },
  },
  SendMessageRequest: {
    type: 'structure',
    required: ['ContentType', 'Content', 'ConnectionToken'],
    members: {
      ContentType: { shape: 'ChatContentType' },
      Content: { shape: 'ChatContent' },
      ClientToken: { shape: 'ClientToken' },
      ConnectionToken: bearer,
    },
  },
  StartAttachmentUploadRequest: {
    type: 'structure',
    required: ['ContentType', 'AttachmentSizeInBytes', 'AttachmentName', 'ClientToken', 'ConnectionToken'],
    members: {
      ContentType: { shape: 'ContentType' },
      AttachmentSizeInBytes: { shape: 'AttachmentSizeInBytes' },
      AttachmentName: { shape: 'AttachmentName' },
      ClientToken: { shape: 'NonEmptyClientToken' },
      ConnectionToken: bearer,
    },
  },
  ArtifactId: { type: 'string', min: 1, max: 256 },
  AttachmentIdList: { type: 'list', member: { shape: 'ArtifactId' }, min: 1, max: 1 },
  AttachmentName: { type: 'string', min: 1, max: 256 },
  AttachmentSizeInBytes: { type: 'long', min: 1 },
  Bool: { type: 'boolean' },
  ChatContent: { type: 'string', min: 1, max: 16384 },
  ChatContentType: { type: 'string', min: 1, max: 100 },
  ChatItemId: { type: 'string', min: 1, max: 256 },
  ClientToken: { type: 'string', max: 500 },
  ConnectionType: { type: 'string', enum: ['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION'] },
  ConnectionTypeList: { type: 'list', member: { shape: 'ConnectionType' }, min: 1 },
  ContactId: { type: 'string', min: 1, max: 256 },
  ContentType: { type: 'string', min: 1, max: 255 },
  Instant: { type: 'string', min: 1, max: 100 },
  MaxResults: { type: 'integer', min: 0, max: 100 },
  MostRecent: { type: 'integer', min: 0, max: 100 },
  NextToken: { type: 'string', min: 1, max: 1000 },
  NonEmptyClientToken: { type: 'string', min: 1, max: 500 },
  ParticipantToken: { type: 'string', min: 1, max: 1000 },
  RedirectURI: { type: 'string', min: 1, max: 1024 },
  ScanDirection: { type: 'string', enum: ['FORWARD', 'BACKWARD'] },
  SessionId: { type: 'string', min: 36, max: 36 },
  SortKey: { type: 'string', enum: ['DESCENDING', 'ASCENDING'] },
  StartPosition: {
    type: 'structure',
    members: { Id: { shape: 'ChatItemId' }, AbsoluteTime: { shape: 'Instant' }, MostRecent: { shape: 'MostRecent' } },
  },
  URLExpiryInSeconds: { type: 'integer', min: 5, max: 300 },
  ViewToken: { type: 'string', min: 1, max: 1000 },
};
