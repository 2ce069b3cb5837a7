import type { Messages } from './catalogue.ts';

const PHOTO_PROBLEMS = { type: 'unsupported type (JPG, PNG, WebP or HEIC only)', size: 'larger than 10 MB', count: 'more than the 9 photos allowed' } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** English. */
export const en: Messages = {
  help: (d) =>
    [
      "Hello, I'm the after-sales assistant. I can help you:",
      `1. Report a quality problem (contract 3.1): staff will contact you within ${d.firstContact} working days.`,
      `2. Request a return or exchange (3.2): within ${d.returnWindow} working days of receipt; reviewed within ${d.review} working days; refund or exchange within ${d.refund} working days of the goods arriving back.`,
      '3. Check the status of your requests: send "my cases" or a case number.',
      '4. Complain about service staff; complaints go to managers only.',
      '5. Ask about the after-sales policy at any time; send "human agent" to talk to a person.',
      'Choose a service below or just tell me what you need (e.g. "Order 88812345: 2 of the mugs arrived cracked, I want a refund"). Send "cancel" to drop an unfinished request, or "中文" to switch to Chinese.',
    ].join('\n'),
  menu: { quality: 'Quality problem', return: 'Return', exchange: 'Exchange', status: 'My cases', complaint: 'Complaint', consult: 'Ask a question', help: 'Help' },
  switchLangButton: '中文',
  notUnderstood: "Sorry, I didn't understand that. Choose a service below, or describe what you need in other words.",
  langSwitched: "OK, I'll reply in English from now on.",
  staleButton: 'That button is no longer valid (the information may have changed, or the request was already submitted).',
  noMerchant: "I can't identify your merchant account yet, so I can't take after-sales requests. Please contact staff.",
  serviceUnavailable: "The system is busy and couldn't complete this. Everything you entered is kept; please try again shortly.",
  chooseReturnOrExchange: 'Would you like a return or an exchange?',
  photosNeedFlow: 'Thanks for the photos. Please choose a service first (e.g. "Quality problem"), then send them again.',
  stateReset: 'The assistant was updated and your unfinished request could not be restored; please start again.',

  flowName: { quality: 'quality report', return: 'return request', exchange: 'exchange request', complaint: 'complaint' },
  draftStarted: (flow) =>
    ({
      quality: "Let's record the quality problem.",
      return: "Let's set up your return request.",
      exchange: "Let's set up your exchange request.",
      complaint: "Let's record your complaint. It goes to managers only, never to the staff member concerned.",
    })[flow] + ' You can correct anything before submitting; send "cancel" at any time to drop it.',
  draftExpired: (flow, hours) => `Your unfinished ${en.flowName[flow]} was left for more than ${hours} hours and has been discarded.`,
  draftCancelled: (flow) => `Cancelled; the unfinished ${en.flowName[flow]} was discarded.`,
  noDraftToCancel: 'There is no unfinished request. To cancel a submitted request, send "cancel" with its case number, or send "my cases".',
  draftPending: (flow) => `You have an unfinished ${en.flowName[flow]}:`,
  switchFlowAsk: (current, next) => `You have an unfinished ${en.flowName[current]}. Drop it and start a ${en.flowName[next]}?`,
  switchFlowButton: (next) => `Start ${en.flowName[next]}`,
  keepDraftButton: 'Keep going',

  ask: {
    orderNumber: () => 'What is the order number? (6–32 letters, digits or dashes, e.g. JD2026112008151)',
    itemName: () => 'Which item is it? Please give the product name or model.',
    quantity: () => 'How many items are affected? (1–9999)',
    problemCategory: () => 'What kind of problem is it? Choose one, or describe it.',
    description: (flow) => (flow === 'complaint' ? 'Please describe what happened (when, and what was said or done).' : 'Please describe the problem (up to 2000 characters).'),
    photos: () =>
      'Please send photos of the problem (up to 9, each at most 10 MB; JPG, PNG, WebP or HEIC). Press "Photos sent" when done, or "No photos" if you have none.',
    wishedRemedy: () => 'How would you like it resolved? Staff decide the final remedy with you.',
    receivedOn: () => 'When did you receive the goods? E.g. "2026-11-20", "Nov 20", "yesterday", "3 days ago".',
    reason: (flow) => `Why would you like ${flow === 'exchange' ? 'an exchange' : 'to return it'}?`,
    accusedName: () => 'Which staff member is the complaint about? Give a name, or press "Name unknown".',
  },
  fieldLabel: {
    orderNumber: 'Order number', itemName: 'Item', quantity: 'Quantity', problemCategory: 'Problem type', description: 'Description',
    photos: 'Photos', wishedRemedy: 'Wished remedy', receivedOn: 'Date received', reason: 'Reason', accusedName: 'Staff member',
  },
  categoryLabel: { damaged: 'Damaged', defect: 'Does not work', wrong_item: 'Wrong item', missing_parts: 'Missing parts', appearance: 'Cosmetic flaw', other: 'Other' },
  remedyLabel: { replace: 'Replace', repair: 'Repair', refund: 'Refund', other: 'Other' },
  skipNameButton: 'Name unknown',
  photosDoneButton: 'Photos sent',
  photosSkipButton: 'No photos',

  orderNumberInvalid: (problem) =>
    ({
      empty: 'Please enter the order number.',
      length: 'An order number has 6–32 characters; please check it and try again.',
      characters: 'An order number may contain only letters, digits and dashes (-); please check it and try again.',
      no_digit: "That doesn't look like an order number (it needs at least one digit); please try again.",
    })[problem],
  quantityInvalid: (problem) => (problem === 'range' ? 'The quantity must be between 1 and 9999; please try again.' : 'Please give the quantity as a number, e.g. "2".'),
  dateInvalid: (problem) =>
    ({
      unrecognized: 'I couldn\'t read that date. Please write it like "2026-11-20", "Nov 20", "yesterday" or "3 days ago".',
      invalid: "That date doesn't exist; please check it and try again.",
      future: 'The date you received the goods cannot be later than today; please check it and try again.',
      too_old: 'That date is more than a year ago; please check the year and try again.',
    })[problem],
  emptyAnswer: 'This cannot be empty; please try again.',
  truncated: (label, max) => `${label} was too long; the first ${max} characters were kept.`,
  chooseCategory: 'Please choose the problem type.',
  chooseRemedy: 'Please choose a remedy: replace, repair, refund or other.',
  slotRequired: (label) => `${label} is required and cannot be skipped.`,
  photosWaiting: 'Please send photos, or press "No photos" if you have none.',

  photosReceived: (kept, total, max) => `Received ${kept} ${plural(kept, 'photo', 'photos')} (${total}/${max} in total).`,
  photosMore: 'Send more, or press "Photos sent".',
  photosLater: 'You can still send more later.',
  detailAdded: 'Noted: this is added to the problem description.',
  photoRefused: (name, problem, sizeMb) =>
    `Photo "${name}" was not kept: ${PHOTO_PROBLEMS[problem]}${problem === 'size' ? ` (${sizeMb} MB)` : ''}. Everything else is kept; please fix it and send it again.`,

  fieldUpdated: (label) => `${label} updated.`,
  summaryTitle: (flow) => `Please check your ${en.flowName[flow]}:`,
  summaryLine: (label, value) => `• ${label}: ${value}`,
  notGiven: 'not given',
  photosValue: (count) => (count === 0 ? 'none' : `${count}`),
  day: (d) => `${d.day} ${MONTHS[d.month - 1] ?? ''} ${d.year}`,
  confirmPrompt: 'Please confirm the information is true and accurate (contract 4.4.2). Confirm to submit, or press "Edit" to change something.',
  confirmButton: 'Confirm and submit',
  editButton: 'Edit',
  cancelButton: 'Cancel',
  editWhich: 'What would you like to change?',
  reviewHint: 'Press "Confirm and submit", or "Edit" to correct something. You can also send a correction such as "order number is …".',
  stillMissing: 'Some information is still missing:',
  draftChanged: 'The information has changed; please check the latest version before confirming.',

  windowInside: (days, deadline) => `Under clause 3.2.1 a return or exchange must be requested within ${days} working days of receipt; your window runs until ${deadline}, so you are within it.`,
  windowOutside: (days, deadline) =>
    `Under clause 3.2.1 a return or exchange must be requested within ${days} working days of receipt; your window closed on ${deadline}. You can still submit: the request will be marked "outside window" and reviewed by staff, but it may not be accepted.`,
  estimatedNote: '(estimated from the statutory holidays; the official schedule is not yet published)',

  caseOpened: (flow, number) => `Submitted. Your ${en.flowName[flow]} number is ${number}.`,
  complaintOpened: (number) => `Your complaint has been recorded as ${number}. It goes to managers only, never to the staff member concerned.`,
  outsideWindowOpened: (days) => `This request is outside the ${days}-working-day window after receipt; it has been marked and passed to staff for review.`,
  nextDeadline: (step, days, when) => {
    const what = { first_contact: 'contact you', review: 'review your request', refund_or_exchange: 'complete the refund or exchange', followup_contact: 'follow up on your question' };
    if (step === undefined || days === undefined) return `Next step due by ${when}.`;
    return `Staff will ${what[step]} within ${days} working ${plural(days, 'day', 'days')} (by ${when}).`;
  },
  statusHint: 'Send "my cases" at any time to check progress.',

  noCases: 'You have no after-sales requests yet.',
  casesHeader: (count) => `Your ${count} most recent ${plural(count, 'request', 'requests')}:`,
  caseNotFound: (number) => `No request numbered ${number} was found; please check the number.`,
  outsideWindowTag: '(outside the request window; staff will review it)',
  orderAndItem: (order, item) => `Order ${order} · ${item}`,
  cancelCaseButton: (number) => `Cancel ${number}`,
  cancelCaseAsk: (number) => `Cancel request ${number}? This cannot be undone.`,
  cancelCaseYes: 'Yes, cancel it',
  keepCaseButton: 'Keep it',
  caseCancelled: (number) => `Request ${number} has been cancelled.`,
  cancelRefused: (number, why) => `${number} cannot be cancelled: ${why}`,

  askQuestion: 'Please type your question.',
  consultPlaceholder: 'Thanks, your question has been received. A member of staff will answer you shortly.',
  consultSource: (ids) => `Source: ${ids.length === 1 ? 'clause' : 'clauses'} ${ids.join(', ')}`,
  answerHelpfulButton: 'This helped',
  answerNotSatisfiedButton: 'Not satisfied, talk to a person',
  answerThanks: 'Thanks for your feedback. Ask me anything else at any time.',
  answerPersonAlready: 'Your question is already with our service team; we have told them you are not satisfied with the answer, and they will get back to you. You can keep asking.',
  answerFollowupOpened: (n) => `Follow-up ${n} is open: a member of staff will follow up on your question (contract 3.3.3). You can keep asking.`,
  ratingThanks: (n, score) => `Thank you for rating ${n} ${score} out of 5! If you'd like to add anything, just reply here (optional).`,
  ratingLowThanks: (n, score, f) =>
    `Thank you for rating ${n} (${score} out of 5). We're sorry we let you down. ${f ? `Follow-up ${f} is open and ` : ''}a manager will contact you soon. Feel free to reply and tell us what went wrong.`,
  ratingAlready: (n, score) => `Your rating for ${n} is already recorded (${score} out of 5); no need to send it again. Thank you!`,
  ratingRefused: 'This rating button is no longer valid: it is not for a resolved case of yours.',
  ratingCommentThanks: 'Thank you, your comment is recorded. We will use it to improve.',
  ratingNoComment: 'All right, thank you for your rating!',
  personButton: 'Talk to a person',
  trackingRecorded: (n, t) => `Tracking number ${t} is recorded for ${n}. We will tell you when the goods arrive.`,
  passedToCase: (n, photos) =>
    photos > 0 ? `${photos} ${plural(photos, 'photo', 'photos')} passed to the staff handling ${n}; they will answer you here.` : `Passed to the staff handling ${n}; they will answer you here.`,
  whichCase: 'You have several open requests. Which one is this about?',
  caseClosedForMessages: (n) => `${n} is closed, so nothing more can be added to it. For a new problem, please start a new request.`,
  personOffer: 'Need a person? Press “Talk to a person”.',
  personRequested: 'You are being put through to our service team; they will reply in this chat. Anything you write meanwhile goes to them.',
  personAlready: 'You are already being put through to our service team; anything you write goes to them.',
  noPersonDesk: 'Sorry, no person can be reached here right now. You can keep describing the problem to me, or try again later.',

  when: (t) => `${t.day} ${MONTHS[t.month - 1] ?? ''}${t.withYear ? ` ${t.year}` : ''} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`,

  noted: (parts) => `Noted: ${parts.join(', ')}`,
  notedOrder: (order) => `order ${order}`,
  notedItem: ({ name, quantity, problem }) => [quantity === undefined ? '' : `${quantity} `, name ?? 'item', problem ? ` ${problem}` : ''].join(''),
  notedWish: (wish) =>
    ({ return: 'return wanted', exchange: 'exchange wanted', quality: 'quality problem', complaint: 'complaint', refund: 'refund wanted', replace: 'replacement wanted', repair: 'repair wanted', other: 'other remedy' })[wish],
  notedDate: (day) => `received ${day}`,
  notedName: (name) => `staff member ${name}`,
  notedPhotos: (count) => `${count} ${plural(count, 'photo', 'photos')}`,
  backToQuestion: 'Back to my question: ',
  apology: "I'm sorry about this; let's get it sorted out.",
  confirmDate: (phrase, d, weekday) => `${phrase ? `By "${phrase}" do you mean` : 'Did the goods arrive on'} ${WEEKDAYS[weekday - 1] ?? ''}, ${d.day} ${MONTHS[d.month - 1] ?? ''}?`,
  dateYesButton: 'Yes',
  dateNoButton: 'No',
  askExactDate: 'OK, which day did the goods arrive? E.g. "Nov 20".',
  caseNumberNotOrder: (number) => `${number} is a request number, not an order number. Please give the order number of the purchase.`,
  switchedFlow: (from, to) => `OK, switching from ${/^[aeiou]/.test(en.flowName[from]) ? 'an' : 'a'} ${en.flowName[from]} to ${/^[aeiou]/.test(en.flowName[to]) ? 'an' : 'a'} ${en.flowName[to]}; the order, item, quantity and date you gave are kept.`,
  offerRequest: (flow) => `If you like, I can start ${/^[aeiou]/.test(en.flowName[flow]) ? 'an' : 'a'} ${en.flowName[flow]} for you with the details you gave.`,
  statusNoMatch: 'I found no open request about this. Send "my cases" to see all your requests.',
  followupOpened: (number, about) => `${about ? `Your feedback on how ${about} was handled is recorded` : 'Your feedback is recorded'} as follow-up ${number}. Staff will contact you.`,
  notDelivered: 'Goods that never arrived or tracking that does not move need staff to check with the carrier, so I have passed you to a person.',
  photosHeld: (count) => `Received ${count} ${plural(count, 'photo', 'photos')}; I'll keep ${plural(count, 'it', 'them')} for your request. Tell me what the problem is, or choose a service below.`,
  recapNothing: 'Nothing is recorded yet.',
};
