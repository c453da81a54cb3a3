/** The service worker: routes page data to the panels watching each tab. No analysis happens here. */
import browser from 'webextension-polyfill';
import { startRouter } from './router.ts';

startRouter(browser);
