package org.affinity.api.marketing;

/**
 * How a campaign did: conversion among members who got it against the holdout.
 *
 * @param eligible audience members with consent for the channel
 * @param withoutConsent audience members left out for lack of consent
 * @param uplift treated conversion rate minus holdout conversion rate
 */
public record CampaignReport(String campaignId, long eligible, long withoutConsent, long treated, long holdout,
        long treatedConversions, long holdoutConversions, double uplift) {
}
