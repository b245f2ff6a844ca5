// Checkout.com's reference data and the money rules, for the screens: the renderer's one
// door to what the main process and the simulator also read.
export { AVS_CODES, CALLER_ADVICE, CARD_DETAIL_ADVICE, CARD_DETAIL_CODES, CVV_CODES, DECLINE_ADVICE, RESPONSE_CATEGORIES, RESPONSE_CATEGORY_LABELS, RESPONSE_CODES, responseCategory, type ResponseCategory } from '../reference/codes'
export { formatMinorDecimal, minorUnitExponent, parseMajorAmount } from '../reference/minor-units'
export { formatAmountInput, MAX_REQUEST_MINOR, moneyRuleProblem, readAmount, type AmountReading } from '../reference/amount-input'
export { CARD_SCHEMES, isPaymentStatus, PAYMENT_STATUSES, PAYMENT_TYPES, type PaymentStatus } from '../reference/payment-status'
export { addDays, dayOf, dayStart, daysRange, isTimeZone, systemTimeZone, type Day } from '../reference/time-zone'
export { DECLINE_SLICES, type DeclineSlice } from '../reference/decline-slices'
export { APPROVAL_GRAINS, APPROVAL_MAX_SERIES, approvalRate, bucketDays, bucketOf, seriesLabel, type ApprovalGrain } from '../reference/approval-series'
export { cardNumberProblem, cardScheme, cvvProblem, expiryProblem, isExpired, schemeOf } from '../reference/card-rules'
