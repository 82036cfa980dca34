/** The user fields every user-returning document selects. */
export const USER_FIELDS = 'id username fullName status emails { address primary verified } createdAt';
