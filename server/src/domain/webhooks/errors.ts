import type { DeliveryStatus } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

/** Every error the webhooks domain answers with: code and message defined once. */
export const webhookErrors = {
  notFound: () => new AppError('NOT_FOUND', 'No such webhook'),
  deliveryNotFound: () => new AppError('NOT_FOUND', 'No such delivery'),
  /** Only a failed delivery is sent again. */
  deliveryNotFailed: (status: DeliveryStatus) => new AppError('CONFLICT', `The delivery is ${status}`),
} satisfies Record<string, (...args: never[]) => AppError>;
