// Personalize's modelled errors, as the operations raise them.
import { ServiceError } from '../protocol/service-error.js';
import type { Tag } from './validate.js';

const MAX_TAGS = 200;

export function checkTags(tags: readonly Tag[] | undefined): void {
  if (tags !== undefined && tags.length > MAX_TAGS) {
    throw new ServiceError(
      'TooManyTagsException',
      400,
      `${tags.length} tags exceed the limit of ${MAX_TAGS} tags per resource.`,
    );
  }
}

export function found<T>(resource: T | undefined, arn: string | undefined): T {
  if (resource === undefined) {
    throw new ServiceError(
      'ResourceNotFoundException',
      404,
      `Resource Arn ${String(arn)} does not exist.`,
    );
  }
  return resource;
}

export function resourceInUse(message: string): ServiceError {
  return new ServiceError('ResourceInUseException', 400, message);
}

export function alreadyExists(message: string): ServiceError {
  return new ServiceError('ResourceAlreadyExistsException', 400, message);
}

export function alreadyExistsArn(arn: string): ServiceError {
  return alreadyExists(`Another resource with Arn ${arn} already exists.`);
}

export function limitExceeded(what: string, limit: number): ServiceError {
  return new ServiceError(
    'LimitExceededException',
    400,
    `This account has reached its limit of ${limit} ${what}.`,
  );
}
